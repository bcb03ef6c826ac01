import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CheckpointInfo } from "./checkpoint-record.js";
import type { GitRunner } from "./git.js";

/** What a prune removed. */
export interface PruneResult {
  /** Sessions whose checkpoints were all removed. */
  sessionsRemoved: string[];
  /** Checkpoint refs deleted. */
  checkpointsRemoved: number;
  /** Size of the store before and after, in bytes. */
  bytesBefore: number;
  bytesAfter: number;
}

/** Sessions whose newest checkpoint is older than the cutoff: all their checkpoints go together. */
export function expiredSessions(
  checkpoints: readonly CheckpointInfo[],
  cutoff: number,
): Map<string, string[]> {
  const newest = new Map<string, number>();
  const refs = new Map<string, string[]>();
  for (const checkpoint of checkpoints) {
    const time = Date.parse(checkpoint.createdAt);
    newest.set(checkpoint.sessionId, Math.max(newest.get(checkpoint.sessionId) ?? 0, time));
    refs.set(checkpoint.sessionId, [...(refs.get(checkpoint.sessionId) ?? []), checkpoint.ref]);
  }
  const expired = new Map<string, string[]>();
  for (const [sessionId, time] of newest) {
    if (time < cutoff) expired.set(sessionId, refs.get(sessionId) ?? []);
  }
  return expired;
}

/** Deletes refs in one transaction. */
export async function deleteRefs(git: GitRunner, refs: readonly string[]): Promise<void> {
  if (refs.length === 0) return;
  await git.run(["update-ref", "--stdin", "-z"], {
    input: refs.map((ref) => `delete ${ref}\0\0`).join(""),
    noWorkTree: true,
  });
}

/**
 * Repacks and drops unreachable objects, bounded in threads and memory and killed after `timeoutMs` (killing gc
 * is safe: new packs are renamed into place before old ones go). `--prune=now` is safe only because the caller
 * holds the workspace lock, so no snapshot of ours is between writing objects and referencing them; the shadow
 * index counts as a reference, which keeps the current state's blobs.
 */
export async function collectGarbage(git: GitRunner, timeoutMs: number): Promise<void> {
  await git.run(["gc", "--quiet", "--prune=now"], { timeoutMs });
}

/** Bytes under `directory`, counting files only. */
export async function directorySize(directory: string): Promise<number> {
  let total = 0;
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) total += await directorySize(full);
    else if (entry.isFile()) total += (await stat(full).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/** When maintenance last ran, from `maintenance.json` (0 when never). */
export async function lastMaintenance(file: string): Promise<number> {
  try {
    const value = JSON.parse(await readFile(file, "utf8")) as { lastRunAt?: string };
    return Date.parse(value.lastRunAt ?? "") || 0;
  } catch {
    return 0;
  }
}

export async function recordMaintenance(file: string, result: PruneResult): Promise<void> {
  await writeFile(file, `${JSON.stringify({ lastRunAt: new Date().toISOString(), ...result }, null, 2)}\n`);
}
