import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { InvalidInputError } from "../core/index.js";

/** The workspace's real path: symlinks resolved, so every spelling of one folder shares one shadow repository. */
export function realWorkspace(workspace: string): string {
  try {
    return realpathSync(workspace);
  } catch (error) {
    throw new InvalidInputError(`Workspace "${workspace}" does not exist or cannot be read.`, {
      cause: error,
    });
  }
}

/**
 * A stable id for a workspace: the first 24 hex digits of the SHA-256 of its real path. It names the folder
 * `$ART_HOME/checkpoints/<id>/`.
 */
export function workspaceId(workspace: string): string {
  return createHash("sha256").update(realWorkspace(workspace)).digest("hex").slice(0, 24);
}
