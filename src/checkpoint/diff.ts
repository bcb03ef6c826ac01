import type { GitRunner } from "./git.js";
import { splitNul } from "./git.js";

/** How a path differs between two checkpoints (or a checkpoint and the working tree). */
export type FileChangeStatus = "added" | "modified" | "deleted" | "type-changed";

/** One changed path. */
export interface FileChange {
  /** Relative to the workspace, `/`-separated. */
  path: string;
  status: FileChangeStatus;
  /** Git mode before (`100644`, `100755`, `120000` for a symlink), null when added. */
  oldMode: string | null;
  /** Git mode after, null when deleted. */
  newMode: string | null;
}

/** A raw diff entry, with the blob ids restore needs. */
export interface RawChange extends FileChange {
  oldId: string;
  newId: string;
}

const STATUS: Record<string, FileChangeStatus> = {
  A: "added",
  D: "deleted",
  M: "modified",
  T: "type-changed",
};

/** Parses `git diff-tree -r -z --raw --no-renames` output. */
export function parseRawDiff(output: Buffer): RawChange[] {
  const records = splitNul(output);
  const changes: RawChange[] = [];
  for (let index = 0; index + 1 < records.length; index += 2) {
    const header = records[index]!;
    const file = records[index + 1]!;
    const [oldMode, newMode, oldId, newId, letter] = header.replace(/^:/, "").split(" ");
    const status = STATUS[letter?.[0] ?? ""] ?? "modified";
    changes.push({
      path: file,
      status,
      oldMode: oldMode && oldMode !== "000000" ? oldMode : null,
      newMode: newMode && newMode !== "000000" ? newMode : null,
      oldId: oldId ?? "",
      newId: newId ?? "",
    });
  }
  return changes;
}

/** The changes between two trees, one entry per file. */
export async function rawTreeDiff(
  git: GitRunner,
  from: string,
  to: string,
  signal?: AbortSignal,
): Promise<RawChange[]> {
  const result = await git.run(["diff-tree", "-r", "-z", "--raw", "--no-renames", "--no-abbrev", from, to], {
    noWorkTree: true,
    signal,
  });
  return parseRawDiff(result.stdout);
}

/** A unified diff between two trees, cut at `maxBytes` (binary files are named, not shown). */
export async function patchText(
  git: GitRunner,
  from: string,
  to: string,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<{ patch: string; truncated: boolean }> {
  const result = await git.run(
    ["diff-tree", "-r", "-p", "--no-renames", "--no-color", "--no-ext-diff", "--no-textconv", from, to],
    { noWorkTree: true, maxStdoutBytes: maxBytes, signal },
  );
  return { patch: result.stdout.toString("utf8"), truncated: result.truncated };
}
