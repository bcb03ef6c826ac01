import { createHash } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { FileChangeSummary } from "../patch/index.js";

/** Schema version of {@link BackRecord}. */
export const BACK_RECORD_VERSION = 1 as const;

/** One file the bring-back writes: where, what it held before and what it holds after (sha-256, null = absent). */
export interface RecordedWrite {
  /** Absolute path in the parent's workspace. */
  path: string;
  /** Path relative to the parent's workspace, `/`-separated. */
  relative: string;
  /** New content, or null to delete the file. */
  content: string | null;
  mode?: number;
  before: string | null;
  after: string | null;
}

/**
 * Written (durably) before an isolated child's patch touches the parent's workspace, removed once the parent's
 * journal holds the `patch.applied` of the call. Its presence after a crash means "the apply may have happened, in
 * part or whole": every file is then checked against its before and after hashes, never applied blindly again.
 */
export interface BackRecord {
  version: typeof BACK_RECORD_VERSION;
  state: "applying";
  agent: string;
  /** sha-256 of `patch`. */
  patchSha: string;
  patch: string;
  files: FileChangeSummary[];
  skipped: string[];
  writes: RecordedWrite[];
}

/** `<artHome>/worktrees/<child id>.applying.json`: beside the worktree's own record. */
export function backRecordPath(worktreeDir: string): string {
  return `${worktreeDir}.applying.json`;
}

export const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** The hash of a file's bytes now, or null when it does not exist. */
export async function hashOf(file: string): Promise<string | null> {
  try {
    return sha256(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** The record, or undefined when there is none (a record of another schema version is an error, not ignored). */
export async function readBackRecord(file: string): Promise<BackRecord | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  // Written by rename of a synced temp file: it is whole or absent, never torn.
  const record = JSON.parse(text) as BackRecord;
  if (record.version !== BACK_RECORD_VERSION)
    throw new Error(
      `${file} has schema version ${record.version}; this runtime reads ${BACK_RECORD_VERSION}`,
    );
  return record;
}

/** Writes the record whole or not at all, and durably: temp file, fsync, rename, fsync of the directory. */
export async function writeBackRecord(file: string, record: BackRecord): Promise<void> {
  const temp = `${file}.tmp`;
  const handle = await open(temp, "w", 0o600);
  try {
    await handle.writeFile(JSON.stringify(record));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await syncDirectory(path.dirname(file));
}

export async function removeBackRecord(file: string): Promise<void> {
  await rm(file, { force: true });
  await syncDirectory(path.dirname(file));
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
