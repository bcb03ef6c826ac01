import { constants } from "node:fs";
import { type FileHandle, open, readlink } from "node:fs/promises";

/**
 * `openat` for Node: a path through `/proc/self/fd/<fd>` resolves from the directory that descriptor holds, even
 * when the path it was opened by has since been swapped for a symlink. File tools reach entries this way, one
 * component at a time, so what they check is what they use.
 */
export function at(handle: FileHandle, name?: Buffer): Buffer {
  const base = Buffer.from(`/proc/self/fd/${handle.fd}`);
  return name ? Buffer.concat([base, Buffer.from("/"), name]) : base;
}

/** The real path of what `handle` holds, as the kernel reports it (invalid UTF-8 bytes become U+FFFD). */
export async function realPathOf(handle: FileHandle): Promise<string> {
  const bytes = await readlink(at(handle), { encoding: "buffer" });
  return bytes.toString("utf8");
}

/** Opens a directory; with `follow: false` a symlink in the last component is refused (ELOOP/ENOTDIR). */
export function openDirectory(file: Buffer | string, options: { follow: boolean }): Promise<FileHandle> {
  return open(file, constants.O_RDONLY | constants.O_DIRECTORY | (options.follow ? 0 : constants.O_NOFOLLOW));
}

/** Closes a handle, ignoring errors (it is only ever one we opened, and we are done with it). */
export async function closeQuietly(handle: FileHandle | undefined): Promise<void> {
  await handle?.close().catch(() => {});
}
