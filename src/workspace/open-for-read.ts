import { constants, type Stats } from "node:fs";
import { type FileHandle, open, realpath, stat } from "node:fs/promises";
import { InvalidInputError } from "../core/index.js";
import { FileAccessDeniedError } from "./file-access-denied-error.js";
import { checkRead, type FilePolicy } from "./file-policy.js";
import { realPathOf } from "./held-directory.js";
import { joinBytes, pathArgument } from "./path-argument.js";

/** A file or directory opened for reading after the sandbox's read policy allowed where it really is. */
export interface OpenedForRead {
  handle: FileHandle;
  /** Workspace-relative, as given. */
  relative: string;
  /** The real path of the opened descriptor. */
  realPath: string;
  stats: Stats;
}

function notFound(relative: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code;
  throw new InvalidInputError(
    `Cannot read "${relative}": ${code === "ENOENT" ? "no such file" : code === "ENOTDIR" ? "a parent is not a directory" : (error as Error).message}.`,
  );
}

/**
 * Opens `given` for reading, following symlinks, and proves from the opened descriptor (its real path through
 * `/proc/self/fd`, its type and link count) that a sandboxed command of the session could read it too. The path is
 * also checked before opening, so a denied file or a device is never opened at all; the check after opening is the
 * one that counts (a link swapped in between is caught there). Regular files with more than one hard link are
 * refused: the other name may be a file the sandbox denies.
 */
export async function openForRead(
  root: string,
  given: string,
  policy: FilePolicy,
  kind: "file" | "directory",
): Promise<OpenedForRead> {
  const argument = pathArgument(root, given);
  const relative = argument.relative;
  const target = joinBytes(policy.workspace, argument.components);
  const before = await realpath(target, { encoding: "buffer" }).catch((error) => notFound(relative, error));
  checkRead(policy, before.toString("utf8"), relative);
  const preview = await stat(before).catch((error) => notFound(relative, error));
  refuseKind(preview, relative, kind);
  const flags =
    constants.O_RDONLY |
    constants.O_NONBLOCK |
    constants.O_NOCTTY |
    (kind === "directory" ? constants.O_DIRECTORY : 0);
  const handle = await open(target, flags).catch((error) => notFound(relative, error));
  try {
    const realPath = await realPathOf(handle);
    checkRead(policy, realPath, relative);
    const stats = await handle.stat();
    refuseKind(stats, relative, kind);
    if (stats.isFile() && stats.nlink > 1)
      throw new FileAccessDeniedError(
        relative,
        "read",
        `it has ${stats.nlink} hard links, and another of its names may be a file the sandbox denies (read it with the shell, which the sandbox confines)`,
      );
    return { handle, relative, realPath, stats };
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

function refuseKind(stats: Stats, relative: string, kind: "file" | "directory"): void {
  if (kind === "file" && stats.isDirectory())
    throw new InvalidInputError(`"${relative}" is a directory; use list_dir.`);
  if (kind === "directory" && !stats.isDirectory())
    throw new InvalidInputError(`Cannot list "${relative}": it is not a directory.`);
  if (kind === "file" && !stats.isFile())
    throw new InvalidInputError(
      `Cannot read "${relative}": it is not a regular file (a device, FIFO or socket).`,
    );
}
