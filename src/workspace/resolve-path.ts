import { lstatSync, realpathSync } from "node:fs";
import path from "node:path";
import { InvalidInputError } from "../core/index.js";
import { PathEscapeError } from "./path-escape-error.js";

/** A path resolved against a workspace. */
export interface WorkspacePath {
  /** Absolute path, lexically normalised (symlinks not resolved). */
  absolute: string;
  /** Path relative to the workspace root, with `/` separators; `.` for the root itself. */
  relative: string;
}

/** True when `child` is `parent` or lies below it; both absolute and normalised. */
export function isWithin(parent: string, child: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(prefix);
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch (error) {
    throw new InvalidInputError(`Workspace "${root}" does not exist or cannot be read.`, { cause: error });
  }
}

/**
 * Resolves `given` (relative to `root`, or absolute) and checks, lexically, that it stays inside the workspace.
 * Rejects empty paths and NUL bytes, which the OS would otherwise truncate or refuse in confusing ways.
 */
export function resolveInWorkspace(root: string, given: string): WorkspacePath {
  if (typeof given !== "string" || given.length === 0)
    throw new InvalidInputError("A path must not be empty.");
  if (given.includes("\0")) throw new InvalidInputError(`Path ${JSON.stringify(given)} contains a NUL byte.`);
  const base = path.resolve(root);
  const absolute = path.resolve(base, given);
  const lexicalRoot = isWithin(base, absolute);
  // A workspace reached through a symlink (e.g. /tmp → /private/tmp) may be named by either spelling.
  const realBase = lexicalRoot ? base : realRoot(base);
  if (!lexicalRoot && !isWithin(realBase, absolute))
    throw new PathEscapeError(given, "it resolves above the root");
  const relative =
    path
      .relative(lexicalRoot ? base : realBase, absolute)
      .split(path.sep)
      .join("/") || ".";
  return { absolute, relative };
}

/**
 * Resolves a path that is about to be written (created, replaced, deleted or renamed) and proves that the write
 * lands inside the workspace: every existing ancestor, after following symlinks, must stay inside the real root,
 * and when the target itself is a symlink, so must what it points to. Call it immediately before writing; the
 * remaining window (a directory swapped for a link between check and write) is closed by the kernel sandbox for
 * commands, not by this check.
 */
export function resolveForWrite(root: string, given: string): WorkspacePath {
  const resolved = resolveInWorkspace(root, given);
  const realBase = realRoot(root);
  let probe = resolved.absolute;
  // Walk up to the deepest component that exists, then ask the OS where it really is.
  for (;;) {
    let exists = true;
    try {
      lstatSync(probe);
    } catch {
      exists = false;
    }
    if (exists) {
      let real: string;
      try {
        real = realpathSync(probe);
      } catch {
        // A dangling symlink: its target does not exist, so writing through it would create the target.
        throw new PathEscapeError(given, "it goes through a symlink whose target does not exist");
      }
      if (!isWithin(realBase, real))
        throw new PathEscapeError(given, "a symlink leads outside the workspace");
      return resolved;
    }
    const parent = path.dirname(probe);
    if (parent === probe) return resolved;
    probe = parent;
  }
}
