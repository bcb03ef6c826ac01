import { ArtError } from "../core/index.js";

/** A file the patch names cannot be used as asked: missing, a directory, binary, not UTF-8, ... */
export class PatchTargetError extends ArtError {
  /** The path as the patch named it. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super("patch.target_invalid", `Cannot apply patch to "${path}": ${problem}.`, {
      hint: "Check the path (re-read the directory if unsure); nothing was changed.",
    });
    this.path = path;
  }
}
