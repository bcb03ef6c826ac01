import { existsSync } from "node:fs";
import path from "node:path";

/** The folder holding `.git` at or above `cwd`, or undefined outside a repository. */
export function findGitRoot(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, ".git"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
