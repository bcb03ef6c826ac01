import { lstat } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_EXCLUDES } from "../checkpoint/index.js";
import { excludeMatcher } from "./exclude-matcher.js";
import type { FileRow } from "./file-table.js";
import { listGitFiles } from "./git-files.js";
import { walkFiles } from "./walk-files.js";

/** A file whose content must be read: new, changed, or one git cannot vouch for whose size or mtime moved. */
export interface Candidate {
  path: string;
  /** The blob id git already knows for it, when it does. */
  blob?: string;
}

/** What changed since the last run. */
export interface ScanResult {
  /** Files present now (after excludes). */
  present: number;
  todo: Candidate[];
  removed: string[];
  /** True when the listing came from git (blob ids), false for a plain folder walk. */
  git: boolean;
}

/**
 * Compares the workspace with the file table without reading files that did not change: git's blob ids for clean
 * tracked files, size and mtime for the rest. Honours `.gitignore` (through git), the checkpoint exclude list and
 * `extraExcluded` (the index's own folder when `$ART_HOME` is inside the workspace).
 */
export async function scanWorkspace(
  root: string,
  known: ReadonlyMap<string, FileRow>,
  options: {
    excludes?: readonly string[];
    extraExcluded?: (relative: string) => boolean;
    /** Files kept as they are in the index but not read now (another caller may index them). */
    skipRead?: (relative: string) => boolean;
  } = {},
): Promise<ScanResult> {
  const matcher = excludeMatcher(options.excludes ?? DEFAULT_EXCLUDES);
  const excluded = (relative: string) => matcher(relative) || (options.extraExcluded?.(relative) ?? false);
  const listing = await listGitFiles(root);
  const todo: Candidate[] = [];
  const seen = new Set<string>();
  const statCheck: string[] = [];
  if (listing) {
    for (const [file, blob] of listing.clean) {
      if (excluded(file)) continue;
      seen.add(file);
      if (options.skipRead?.(file)) continue;
      const row = known.get(file);
      if (row?.hash !== blob) todo.push({ path: file, blob });
    }
    for (const file of listing.dirty) if (!excluded(file)) statCheck.push(file);
  } else {
    statCheck.push(...(await walkFiles(root, excluded)).filter((file) => !excluded(file)));
  }
  for (const file of statCheck) {
    if (options.skipRead?.(file)) {
      if (known.has(file)) seen.add(file);
      continue;
    }
    const stats = await lstat(path.join(root, file)).catch(() => undefined);
    if (!stats?.isFile()) continue; // gone since listed, a symlink, or a folder
    seen.add(file);
    const row = known.get(file);
    if (!row || row.hash === "" || row.size !== stats.size || row.mtimeMs !== stats.mtimeMs)
      todo.push({ path: file });
  }
  const removed = [...known.keys()].filter((file) => !seen.has(file));
  return { present: seen.size, todo, removed, git: listing !== undefined };
}
