import { createHash } from "node:crypto";
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";

/**
 * Where a workspace's index lives: `$ART_HOME/memory/workspaces/<id>/`, the id being the first 24 hex digits of
 * the SHA-256 of the workspace's real path (as checkpoints name theirs). Outside the workspace, so it is never
 * indexed itself nor committed, and inside `$ART_HOME`, which the sandbox hides from commands.
 */
export function indexDirectory(artHome: string, root: string): string {
  const id = createHash("sha256").update(root).digest("hex").slice(0, 24);
  return path.join(artHome, "memory", "workspaces", id);
}

/** The real path of `dir`, or undefined when it does not exist. */
export function realRoot(dir: string): string | undefined {
  try {
    return realpathSync(dir);
  } catch {
    return undefined;
  }
}

/** The nearest folder at or above `cwd` that has an index, or undefined. */
export function findIndexedRoot(artHome: string, cwd: string): string | undefined {
  let current = realRoot(cwd);
  while (current) {
    if (existsSync(path.join(indexDirectory(artHome, current), "files.sqlite"))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
  return undefined;
}
