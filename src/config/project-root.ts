import { lstatSync, realpathSync } from "node:fs";
import path from "node:path";

function real(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/**
 * The project a session in `cwd` belongs to: the nearest directory at or above `cwd` (real path) that holds a
 * `.git` entry (the repository root), else `cwd` itself. One answer for every project-layer file — config, rules,
 * trust — so `.art/` in some parent folder that is not the repository (a planted `/tmp/.art`, `~/.art`, which is
 * `$ART_HOME`) never becomes a project layer.
 */
export function projectRoot(cwd: string): string {
  const start = real(cwd);
  let dir = start;
  for (;;) {
    if (lstatSync(path.join(dir, ".git"), { throwIfNoEntry: false })) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}
