import { ArtError } from "../core/index.js";

/** Writing the patched files failed; every change already made was rolled back. */
export class PatchWriteError extends ArtError {
  /** The path being written when it failed. */
  readonly path: string;

  constructor(path: string, cause: unknown, rolledBack: boolean) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      "patch.write_failed",
      `Writing "${path}" failed (${reason}); ${rolledBack ? "the tree was restored to its state before the patch" : "restoring the tree also failed, check it by hand"}.`,
      { cause, isRetryable: rolledBack },
    );
    this.path = path;
  }
}
