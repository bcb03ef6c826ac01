import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";

/** Files over this size are not indexed (generated bundles, data dumps, lock files of huge monorepos). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** A file read for indexing: its text, or why it is not indexed. */
export interface SourceFile {
  hash: string;
  size: number;
  mtimeMs: number;
  text?: string;
  skipped?: "binary" | "too-large" | "unreadable";
}

/** Git's blob id of some bytes, so a hash computed here equals the id `git ls-files -s` prints for the same file. */
export function blobId(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/**
 * Reads one file without following a symlink at its place. Binary files (a NUL byte in the first 8 KiB, or bytes
 * that are not UTF-8 there) and files over `maxBytes` are reported as skipped, with a hash that still detects change.
 */
export async function readSource(
  root: string,
  relative: string,
  maxBytes = MAX_FILE_BYTES,
): Promise<SourceFile> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // O_NOFOLLOW: a file swapped for a symlink since listing is not read through.
    handle = await open(path.join(root, relative), constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return { hash: "", size: 0, mtimeMs: 0, skipped: "unreadable" };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { hash: "", size: 0, mtimeMs: 0, skipped: "unreadable" };
    if (stats.size > maxBytes) {
      // Not read: size and mtime stand in for the hash of a file that is skipped anyway.
      return {
        hash: `size:${stats.size}:${stats.mtimeMs}`,
        size: stats.size,
        mtimeMs: stats.mtimeMs,
        skipped: "too-large",
      };
    }
    const bytes = await handle.readFile();
    const base = { hash: blobId(bytes), size: stats.size, mtimeMs: stats.mtimeMs };
    const head = bytes.subarray(0, 8192);
    if (head.includes(0)) return { ...base, skipped: "binary" };
    const text = bytes.toString("utf8");
    if (text.slice(0, 8192).includes("\uFFFD")) return { ...base, skipped: "binary" };
    return { ...base, text };
  } finally {
    await handle.close();
  }
}
