import { ArtError } from "../core/index.js";

/** A path given by a model or user would leave the workspace. */
export class PathEscapeError extends ArtError {
  /** The path as it was given. */
  readonly path: string;

  constructor(path: string, why: string) {
    super("path.outside_workspace", `Path "${path}" is outside the workspace: ${why}.`, {
      hint: "Use a path inside the workspace (relative paths resolve against it).",
    });
    this.path = path;
  }
}
