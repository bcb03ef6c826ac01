import { ArtError } from "../core/index.js";

/** The environment variable that forces `workspace-write` on a workspace that is `$HOME`, `/` or holds `$HOME`. */
export const FORCE_BROAD_WORKSPACE_ENV = "ART_SANDBOX_FORCE_BROAD_WORKSPACE";

/**
 * `workspace-write` was asked for with a writable root that is the home directory, `/`, or a directory holding the
 * home directory: every rc file, `~/.gitconfig` and tool config would be writable, so the session is refused.
 */
export class BroadWorkspaceError extends ArtError {
  /** The writable root that is too broad. */
  readonly root: string;

  constructor(root: string, home: string) {
    const what =
      root === "/"
        ? "the root directory /"
        : root === home
          ? "your home directory"
          : `${root}, which holds your home directory`;
    super(
      "sandbox.broad_workspace",
      `Refusing to start in workspace-write mode: the writable root ${root} is ${what}, so a command could rewrite your shell and git configuration.`,
      {
        hint: `Run art from a project directory, use --sandbox read-only, or set ${FORCE_BROAD_WORKSPACE_ENV}=1 (or allowBroadWorkspace in the sandbox settings) to accept it.`,
      },
    );
    this.root = root;
  }
}
