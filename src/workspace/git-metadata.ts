import { lstatSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { isWithin } from "./resolve-path.js";

/**
 * True when `realPath` lies in a directory some `.git` file names (`gitdir: <dir>`, a linked worktree's or a
 * submodule's git directory) — git metadata without `.git` in its path. Looks at the `.git` entry of every
 * directory from `realPath` up to `top`.
 */
export function insideNamedGitDir(realPath: string, top: string): boolean {
  let dir = path.dirname(realPath);
  for (;;) {
    const marker = path.join(dir, ".git");
    const stats = lstatSync(marker, { throwIfNoEntry: false });
    if (stats?.isFile()) {
      const match = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(marker, "utf8"));
      if (match) {
        const named = path.resolve(dir, match[1]!);
        let resolved = named;
        try {
          resolved = realpathSync(named);
        } catch {
          // A gitdir that does not exist yet still names where git would look.
        }
        if (isWithin(named, realPath) || isWithin(resolved, realPath)) return true;
      }
    }
    if (dir === top || !isWithin(top, dir)) return false;
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}
