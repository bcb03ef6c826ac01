import { ArtError } from "../core/index.js";

/** The patch text is not a valid Codex patch or unified diff. */
export class PatchParseError extends ArtError {
  /** 1-based line of the patch text where the problem is (0 when it concerns the whole text). */
  readonly line: number;

  constructor(line: number, message: string) {
    super(
      "patch.invalid",
      line > 0 ? `Invalid patch, line ${line}: ${message}` : `Invalid patch: ${message}`,
      {
        hint: "Fix the patch and send it again; nothing was changed.",
      },
    );
    this.line = line;
  }
}
