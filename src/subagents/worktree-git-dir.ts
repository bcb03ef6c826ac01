import { readdirSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { WorktreeUnavailableError } from "./errors/index.js";
import { git } from "./git-run.js";

function real(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The git directory of the child's worktree `dir`, found from the user's repository — never from the worktree's
 * own `.git` file or from discovery inside it, which the child's commands could have pointed at a config of theirs
 * (`core.fsmonitor`, filter drivers) that our git, running outside the sandbox, would then obey. Git keeps each
 * linked worktree's directory under `<common dir>/worktrees/<name>/`, with `gitdir` naming the worktree's `.git`.
 */
export async function worktreeGitDir(repo: string, dir: string): Promise<string> {
  const common = path.resolve(repo, (await git(repo, ["rev-parse", "--git-common-dir"])).trim());
  const wanted = path.join(real(dir) ?? dir, ".git");
  const admin = path.join(common, "worktrees");
  let names: string[] = [];
  try {
    names = readdirSync(admin);
  } catch {
    // No linked worktree at all: handled below.
  }
  for (const name of names) {
    let named: string;
    try {
      named = readFileSync(path.join(admin, name, "gitdir"), "utf8").trim();
    } catch {
      continue;
    }
    if (path.resolve(named) === wanted || real(named) === wanted) return path.join(admin, name);
  }
  throw new WorktreeUnavailableError(dir, `git of ${repo} does not list ${dir} as one of its worktrees`);
}
