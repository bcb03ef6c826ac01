import path from "node:path";
import { type FileChangeSummary, type FileTree, generatePatch } from "../patch/index.js";
import { runUserGit, UserGitError } from "../workspace/index.js";
import type { ChildWorktree } from "./child-worktree.js";
import { git } from "./git-run.js";
import { worktreeGitDir } from "./worktree-git-dir.js";

/** What came back from an isolated child: the files changed, and binary files left behind. */
export interface BroughtBack {
  files: FileChangeSummary[];
  skipped: string[];
}

/** What an isolated child changed since its base: one patch (absent when no text file changed) and what it skips. */
export interface WorktreeChanges {
  patch?: string;
  skipped: string[];
}

/**
 * The changes of the child's worktree since its base, as one patch for the parent's workspace (paths relative to
 * the parent's cwd). Reads git's blobs only; applying them is {@link applyOnce}'s.
 */
export async function worktreeChanges(worktree: ChildWorktree): Promise<WorktreeChanges> {
  // Our git runs outside the sandbox: it is told which git directory and work tree to use, so nothing the child
  // planted in its worktree (a `.git` file or directory of its own) decides what git reads or runs.
  const at = ["--git-dir", await worktreeGitDir(worktree.repo, worktree.dir), "--work-tree", worktree.dir];
  // A repository the child made inside its worktree (`git init` of a fixture) is listed as `dir/`: git would
  // refuse to add it without a commit, and a gitlink cannot be brought back anyway.
  const untracked = await git(worktree.dir, [...at, "ls-files", "-z", "-o", "--exclude-standard"]);
  const nested = untracked.split("\0").filter((entry) => entry.endsWith("/"));
  const excludes = nested.map((entry) => `:(top,exclude,literal)${entry.slice(0, -1)}`);
  await git(worktree.dir, [...at, "add", "-A", "--", ":/", ...excludes]);
  const raw = await git(worktree.cwd, [
    ...at,
    "diff",
    "--cached",
    "--raw",
    "--no-renames",
    "--no-ext-diff",
    "--relative",
    "-z",
    worktree.base,
  ]);
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  const skipped = nested.map((entry) => path.relative(path.relative(worktree.dir, worktree.cwd), entry));
  for (const change of rawChanges(raw)) {
    // Contents come from the blobs `git add` stored, never from the file system: a symlink the child made to a
    // file it may not read (`ln -s ~/.ssh/id_rsa key`) is a link in git, not the secret it points to.
    const old = change.oldMode === ABSENT ? undefined : await blobText(worktree.cwd, at, change.oldBlob);
    const now = change.newMode === ABSENT ? undefined : await blobText(worktree.cwd, at, change.newBlob);
    // The patch engine carries UTF-8 text in regular files; links, submodules and binary files are named to the
    // model instead of being mangled.
    if (!isTextFile(change.oldMode, old) || !isTextFile(change.newMode, now)) {
      skipped.push(change.path);
      continue;
    }
    if (old !== undefined) before[change.path] = old;
    if (now !== undefined) after[change.path] = now;
  }
  if (Object.keys(before).length === 0 && Object.keys(after).length === 0) return { skipped };
  return { patch: generatePatch(before as FileTree, after as FileTree), skipped };
}

const ABSENT = "000000";
const REGULAR = new Set(["100644", "100755"]);

/** One entry of `git diff --raw -z`: `:<old mode> <new mode> <old blob> <new blob> <status>\0<path>\0`. */
interface RawChange {
  oldMode: string;
  newMode: string;
  oldBlob: string;
  newBlob: string;
  path: string;
}

function rawChanges(raw: string): RawChange[] {
  const fields = raw.split("\0");
  const changes: RawChange[] = [];
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const [oldMode, newMode, oldBlob, newBlob] = (fields[index] ?? "").replace(/^:/, "").split(" ");
    const file = fields[index + 1];
    if (!oldMode || !newMode || !oldBlob || !newBlob || !file) continue;
    changes.push({ oldMode, newMode, oldBlob, newBlob, path: file });
  }
  return changes;
}

/** The blob's bytes as text, or undefined when they are not valid UTF-8 without NUL bytes. */
async function blobText(cwd: string, at: string[], blob: string): Promise<string | undefined> {
  const result = await runUserGit(cwd, [...at, "cat-file", "blob", blob]);
  if (result.code !== 0) throw new UserGitError(["cat-file", blob], result.stderr);
  const text = result.stdout.toString("utf8");
  if (text.includes("\0") || !Buffer.from(text, "utf8").equals(result.stdout)) return undefined;
  return text;
}

/** A side of a change the patch engine can carry: absent, or a regular file of text. */
function isTextFile(mode: string, text: string | undefined): boolean {
  return mode === ABSENT || (REGULAR.has(mode) && text !== undefined);
}
