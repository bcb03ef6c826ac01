import { ArtError } from "../../core/index.js";

/** The git executable could not be started. */
export class GitUnavailableError extends ArtError {
  constructor(cause: unknown) {
    super("checkpoint.git_missing", "Checkpoints need git, but the `git` executable could not be started.", {
      hint: "Install git 2.25 or newer and make sure it is on PATH.",
      cause,
    });
  }
}
