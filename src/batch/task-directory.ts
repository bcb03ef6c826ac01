import { existsSync, realpathSync, rmSync } from "node:fs";
import path from "node:path";
import { userGitText } from "../workspace/index.js";
import { BatchRunError } from "./errors/index.js";

/** Git in the user's repository, hardened (no hooks, fsmonitor or inherited `GIT_*`: see `runUserGit`). */
async function git(cwd: string, args: string[]): Promise<string> {
  return (await userGitText(cwd, args)).trim();
}

function gitFailure(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  return stderr ? stderr.split("\n").at(-1)! : String((error as Error).message ?? error);
}

async function commonDir(dir: string): Promise<string | undefined> {
  try {
    return realpathSync(path.resolve(dir, await git(dir, ["rev-parse", "--git-common-dir"])));
  } catch {
    return undefined;
  }
}

/**
 * Makes (or finds again) the detached worktree of `repo` at `ref` in `dir`, which the batch owns. Idempotent, so
 * `--resume` after a crash reuses a worktree a task already changed; a directory left half-made by a crash is
 * removed and made again. The user's own worktree, index, HEAD and branches are never touched.
 */
export async function ensureWorktree(repo: string, ref: string, dir: string): Promise<void> {
  const repoCommon = await commonDir(repo);
  if (!repoCommon)
    throw new BatchRunError(
      "batch.not_a_repo",
      `${repo} is not a git repository.`,
      'Fix "repo" in the batch file.',
    );
  if (existsSync(dir)) {
    if ((await commonDir(dir)) === repoCommon && existsSync(path.join(dir, ".git"))) return;
    rmSync(dir, { recursive: true, force: true });
  }
  await pruneWorktrees(repo);
  try {
    await git(repo, ["worktree", "add", "--detach", dir, `${ref}^{commit}`]);
  } catch (error) {
    throw new BatchRunError(
      "batch.worktree_failed",
      `Could not make a worktree of ${repo} at "${ref}": ${gitFailure(error)}`,
      'Check "repo" and "ref" in the batch file.',
    );
  }
}

/** Forgets the worktrees of `repo` whose directories are gone (a discarded or half-made run's). */
export async function pruneWorktrees(repo: string): Promise<void> {
  await git(repo, ["worktree", "prune"]).catch(() => "");
}

/** Checks a task's own directory exists before anything runs. */
export function checkTaskDir(dir: string, line: number): void {
  if (!existsSync(dir))
    throw new BatchRunError(
      "batch.no_directory",
      `The directory of line ${line} does not exist: ${dir}.`,
      'Fix "cwd" in the batch file.',
    );
}
