import { runUserGit } from "../workspace/index.js";

// git runs outside the sandbox: nothing the workspace's own git config names may run (see `runUserGit`).
function git(args: string[], cwd: string): Promise<{ code: number; stdout: Buffer }> {
  return runUserGit(cwd, args, { maxBuffer: 512 * 1024 * 1024 });
}

function split(output: Buffer): string[] {
  return output
    .toString("utf8")
    .split("\0")
    .filter((entry) => entry !== "");
}

/** What git knows about the files under a folder, paths relative to it. */
export interface GitListing {
  /** Tracked regular files whose working copy matches the index, with the index's blob id (no file read). */
  clean: Map<string, string>;
  /** Untracked (not ignored) files and tracked files changed in the working tree: their hash must be computed. */
  dirty: string[];
}

/**
 * Lists a git workspace without reading its files: `ls-files -s` gives the blob ids of tracked files and
 * `diff-files` (git's stat cache) which of them changed; untracked files honour `.gitignore` and `info/exclude`.
 * Returns undefined outside a git work tree. Submodules and symlinks are left out.
 */
export async function listGitFiles(root: string): Promise<GitListing | undefined> {
  const inside = await git(["rev-parse", "--is-inside-work-tree"], root);
  if (inside.code !== 0 || inside.stdout.toString().trim() !== "true") return undefined;
  const [staged, others, changed] = await Promise.all([
    git(["ls-files", "-z", "-s", "-c"], root),
    git(["ls-files", "-z", "-o", "--exclude-standard"], root),
    git(["diff-files", "-z", "--name-only", "--relative"], root),
  ]);
  if (staged.code !== 0 || others.code !== 0 || changed.code !== 0) return undefined;
  const changedSet = new Set(split(changed.stdout));
  const clean = new Map<string, string>();
  const dirty = new Set<string>();
  for (const entry of split(staged.stdout)) {
    // "<mode> <blob> <stage>\t<path>"
    const tab = entry.indexOf("\t");
    const [mode, blob] = entry.slice(0, tab).split(" ");
    const path = entry.slice(tab + 1);
    if (mode !== "100644" && mode !== "100755") continue;
    if (changedSet.has(path) || entry.slice(0, tab).endsWith(" 0") === false) dirty.add(path);
    else if (!dirty.has(path)) clean.set(path, blob as string);
  }
  for (const path of split(others.stdout)) dirty.add(path);
  for (const path of dirty) clean.delete(path);
  return { clean, dirty: [...dirty] };
}
