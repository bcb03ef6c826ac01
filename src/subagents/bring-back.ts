import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ArtError } from "../core/index.js";
import { applyPatch, type FileChangeSummary, type FileTree, generatePatch } from "../patch/index.js";
import type { FilePolicy } from "../workspace/index.js";
import type { ChildWorktree } from "./child-worktree.js";
import { WorktreeConflictError } from "./errors/index.js";
import { git } from "./git-run.js";

/** What came back from an isolated child: the files changed, and binary files left behind. */
export interface BroughtBack {
  files: FileChangeSummary[];
  skipped: string[];
}

/**
 * Applies what the child changed in its worktree (since its base) to the parent's workspace, through the patch
 * engine: all of it or, on a conflict, none of it ({@link WorktreeConflictError} holding the changes).
 */
export async function bringBack(
  agent: string,
  worktree: ChildWorktree,
  parentCwd: string,
  options: { files?: FilePolicy; signal?: AbortSignal } = {},
): Promise<BroughtBack> {
  await git(worktree.dir, ["add", "-A"]);
  const listed = await git(worktree.cwd, [
    "diff",
    "--cached",
    "--name-only",
    "--no-renames",
    "--relative",
    "-z",
    worktree.base,
  ]);
  const paths = listed.split("\0").filter(Boolean);
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  const skipped: string[] = [];
  for (const file of paths) {
    const old = await git(worktree.cwd, ["show", `${worktree.base}:./${file}`]).catch(() => undefined);
    const absolute = path.join(worktree.cwd, file);
    const now = existsSync(absolute) ? await readFile(absolute, "utf8") : undefined;
    // The patch engine carries text; a binary file is named to the model instead of being mangled.
    if ((old ?? "").includes("\0") || (now ?? "").includes("\0")) {
      skipped.push(file);
      continue;
    }
    if (old !== undefined) before[file] = old;
    if (now !== undefined) after[file] = now;
  }
  if (Object.keys(before).length === 0 && Object.keys(after).length === 0) return { files: [], skipped };
  const patch = generatePatch(before as FileTree, after as FileTree);
  try {
    const applied = await applyPatch(patch, {
      cwd: parentCwd,
      ...(options.files ? { files: options.files } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { files: applied.files, skipped };
  } catch (error) {
    if (ArtError.isInstance(error) && error.code.startsWith("patch."))
      throw new WorktreeConflictError(agent, patch, error.message.split("\n")[0] ?? error.message);
    throw error;
  }
}
