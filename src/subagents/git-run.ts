import { userGitText } from "../workspace/index.js";

/** The identity of the commits a sub-agent's worktree makes, so they never depend on the user's setup. */
const IDENTITY = ["-c", "user.name=art", "-c", "user.email=art@localhost"];

/**
 * Runs git in the user's repository or a child's worktree, hardened (no hooks, fsmonitor or inherited `GIT_*`
 * variables: see `runUserGit`), with a fixed identity. Rejects with git's own message.
 */
export function git(cwd: string, args: readonly string[]): Promise<string> {
  return userGitText(cwd, args, { config: IDENTITY });
}
