import { lstatSync, readdirSync, rmdirSync, unlinkSync } from "node:fs";
import path from "node:path";
import { AncestorCheck, type SkippedPath } from "./capture.js";
import { type FileChange, type RawChange, rawTreeDiff } from "./diff.js";
import type { GitRunner } from "./git.js";

/** What a restore changed in the working tree. */
export interface TreeRestoreResult {
  /** Paths written or removed, as a diff from the state before the restore to the checkpoint. */
  files: FileChange[];
  /** Paths of the checkpoint left alone because something the checkpoints do not capture is in the way. */
  kept: SkippedPath[];
}

/** True when `full` is a folder holding only folders (git does not track folders, so these are no content). */
function onlyEmptyFolders(full: string): boolean {
  if (!lstatSync(full).isDirectory()) return false;
  return readdirSync(full).every((name) => onlyEmptyFolders(path.join(full, name)));
}

/**
 * Makes room for a file at `full`: nothing there, or a tree of empty folders (removed). False when something with
 * content is in the way.
 */
function makeRoom(full: string): boolean {
  try {
    if (!onlyEmptyFolders(full)) return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
  const remove = (directory: string): void => {
    for (const name of readdirSync(directory)) remove(path.join(directory, name));
    rmdirSync(directory);
  };
  remove(full);
  return true;
}

/** Removes `directory` and its parents while they are empty, stopping at the workspace root. */
function removeEmptyParents(workspace: string, relative: string): void {
  let directory = path.posix.dirname(relative);
  while (directory !== "." && directory !== "/") {
    try {
      rmdirSync(path.join(workspace, directory));
    } catch {
      return; // not empty (or not ours to judge): stop
    }
    directory = path.posix.dirname(directory);
  }
}

/**
 * Moves the working tree from `currentTree` (just captured, so it matches the disk) to `targetTree`, touching only
 * paths that differ between the two — paths neither tree holds (ignored, excluded, oversized) are never looked at.
 * Deletions happen in Node, never through a symlinked parent; writes go through `git checkout-index`, which
 * restores symlinks as links and the executable bit, and records fresh stat data so the next snapshot stays cheap.
 */
export async function restoreTree(
  git: GitRunner,
  options: { workspace: string; currentTree: string; targetTree: string; signal?: AbortSignal },
): Promise<TreeRestoreResult> {
  const { workspace } = options;
  const changes = await rawTreeDiff(git, options.currentTree, options.targetTree, options.signal);
  const kept: SkippedPath[] = [];
  const done: RawChange[] = [];
  const ancestors = new AncestorCheck(workspace);

  // 1. Remove what the checkpoint does not have.
  for (const change of changes) {
    if (change.status !== "deleted") continue;
    if (ancestors.blocked(change.path)) {
      kept.push({ path: change.path, reason: "a parent folder was replaced by a file or symlink" });
      continue;
    }
    const full = path.join(workspace, change.path);
    try {
      if (lstatSync(full).isDirectory()) {
        kept.push({ path: change.path, reason: "now a folder holding files the checkpoints do not capture" });
        continue;
      }
      unlinkSync(full);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    removeEmptyParents(workspace, change.path);
    done.push(change);
  }

  // 2. Write what it has, unless an uncaptured file or folder is in the way.
  const fresh = new AncestorCheck(workspace);
  const write: string[] = [];
  const keptInIndex: string[] = [];
  for (const change of changes) {
    if (change.status === "deleted") continue;
    const full = path.join(workspace, change.path);
    if (change.status === "added" && (fresh.blocked(change.path) || !makeRoom(full))) {
      kept.push({
        path: change.path,
        reason: "a file the checkpoints do not capture (ignored or oversized) is in the way",
      });
      keptInIndex.push(change.path);
      continue;
    }
    if (change.status !== "added") {
      try {
        if (lstatSync(full).isDirectory() && !makeRoom(full)) {
          kept.push({
            path: change.path,
            reason: "now a folder holding files the checkpoints do not capture",
          });
          keptInIndex.push(change.path);
          continue;
        }
      } catch {
        // gone meanwhile: checkout-index recreates it
      }
    }
    write.push(change.path);
    done.push(change);
  }

  // 3. The index takes the checkpoint's tree (keeping stat data of unchanged entries), then the files are written.
  await git.run(["read-tree", "-m", options.targetTree], { signal: options.signal });
  if (write.length > 0) {
    await git.run(["checkout-index", "-f", "-u", "-z", "--stdin"], {
      input: `${write.join("\0")}\0`,
      signal: options.signal,
    });
  }
  if (keptInIndex.length > 0) {
    // Not written, so not in the working tree as the checkpoint has it: the index must not claim otherwise.
    await git.run(["update-index", "--force-remove", "-z", "--stdin"], {
      input: `${keptInIndex.join("\0")}\0`,
      signal: options.signal,
    });
  }
  done.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    files: done.map(({ path: file, status, oldMode, newMode }) => ({ path: file, status, oldMode, newMode })),
    kept,
  };
}
