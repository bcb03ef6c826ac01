import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { WorktreeUnavailableError } from "./errors/index.js";
import { git } from "./git-run.js";
import { worktreeGitDir } from "./worktree-git-dir.js";

/** An isolated child's git worktree: outside the user's worktree, on a temporary branch. */
export interface ChildWorktree {
  /** The user's repository (its top level). */
  repo: string;
  /** The worktree's top level (`<artHome>/worktrees/<child id>`). */
  dir: string;
  /** Where the child works: the parent's cwd, inside the worktree. */
  cwd: string;
  branch: string;
  /** The commit the child started from: the user's HEAD plus their uncommitted changes to tracked files. */
  base: string;
}

/** Schema version of the `<dir>.json` record a worktree's base is kept in. */
const RECORD_VERSION = 1;

/**
 * The worktree of child `childId`: made on first use, found again after a crash (its record names the base).
 * Creating it touches only a new branch and git's worktree list: never the user's index, HEAD or other branches.
 */
export async function childWorktree(
  parentCwd: string,
  artHome: string,
  childId: string,
): Promise<ChildWorktree> {
  let repo: string;
  try {
    repo = (await git(parentCwd, ["rev-parse", "--show-toplevel"])).trim();
    await git(repo, ["rev-parse", "--verify", "HEAD"]);
  } catch (error) {
    throw new WorktreeUnavailableError(parentCwd, `${(error as Error).message.split("\n")[0]}`);
  }
  const dir = path.join(artHome, "worktrees", childId);
  const record = `${dir}.json`;
  const branch = `art/sub/${childId}`;
  const inside = path.relative(repo, parentCwd);
  const cwd = path.join(dir, inside);
  if (existsSync(record)) {
    const saved = JSON.parse(await readFile(record, "utf8")) as { version: number; base: string };
    if (saved.version === RECORD_VERSION && existsSync(dir))
      return { repo, dir, cwd, branch, base: saved.base };
  }
  // A crash midway through a creation leaves a half-made worktree: start it again from nothing.
  await inRepository(repo, async () => {
    await removeUnlocked({ repo, dir, branch });
    await mkdir(path.dirname(dir), { recursive: true });
    await git(repo, ["worktree", "add", "--quiet", "-b", branch, dir, "HEAD"]);
  });
  // The user's uncommitted edits to tracked files are part of what the child starts from.
  const pending = await git(repo, ["diff", "HEAD", "--binary", "--no-ext-diff", "--no-textconv"]);
  if (pending.trim()) {
    const patchFile = `${dir}.pending.patch`;
    await writeFile(patchFile, pending);
    await git(dir, ["apply", "--whitespace=nowarn", patchFile]);
    await rm(patchFile, { force: true });
  }
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "--quiet", "--allow-empty", "--no-verify", "-m", `art: base of ${childId}`]);
  const base = (await git(dir, ["rev-parse", "HEAD"])).trim();
  // Written last: a record means the worktree is complete.
  await writeFile(record, JSON.stringify({ version: RECORD_VERSION, base }));
  return { repo, dir, cwd, branch, base };
}

/** Removes the worktree, its branch and its record; what is already gone is fine. */
export function removeChildWorktree(tree: Pick<ChildWorktree, "repo" | "dir" | "branch">): Promise<void> {
  return inRepository(tree.repo, () => removeUnlocked(tree));
}

/**
 * Git's worktree list of one repository is changed by one of our children at a time: concurrent `worktree add`s
 * read each other's half-written entries ("failed to read …/commondir").
 */
const repositoryQueues = new Map<string, Promise<unknown>>();

function inRepository<T>(repo: string, work: () => Promise<T>): Promise<T> {
  const previous = repositoryQueues.get(repo) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => {});
  repositoryQueues.set(repo, settled);
  void settled.then(() => {
    if (repositoryQueues.get(repo) === settled) repositoryQueues.delete(repo);
  });
  return next;
}

async function removeUnlocked(tree: Pick<ChildWorktree, "repo" | "dir" | "branch">): Promise<void> {
  // Only our own entry of git's worktree list goes (never `worktree prune`, which would also forget the user's
  // worktrees whose folders are missing just now), and the directory goes first without git running inside what
  // the child left (`worktree remove` would).
  const admin = await worktreeGitDir(tree.repo, tree.dir).catch(() => undefined);
  await rm(tree.dir, { recursive: true, force: true });
  if (admin) await rm(admin, { recursive: true, force: true });
  await git(tree.repo, ["branch", "-D", "--quiet", tree.branch]).catch(() => {});
  await rm(`${tree.dir}.json`, { force: true });
}
