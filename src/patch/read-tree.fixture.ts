import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Test helper: every regular file under `root` (relative `/` path → UTF-8 content); symlinks are skipped. */
export function readTree(root: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (entry.name !== ".git") walk(full);
      } else tree[path.relative(root, full).split(path.sep).join("/")] = readFileSync(full, "utf8");
    }
  };
  walk(root);
  return tree;
}
