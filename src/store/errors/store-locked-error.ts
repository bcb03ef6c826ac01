import { ArtError } from "../../core/index.js";

/** Another process holds the database locked for longer than the busy timeout. */
export class StoreLockedError extends ArtError {
  /** The database file. */
  readonly path: string;

  constructor(path: string, waitedMs: number, cause?: unknown) {
    super(
      "store.locked",
      `The journal database ${path} stayed locked by another process for ${waitedMs} ms.`,
      {
        hint: "Wait for the other process using this journal to finish (or stop it) and try again.",
        isRetryable: true,
        cause,
      },
    );
    this.path = path;
  }
}
