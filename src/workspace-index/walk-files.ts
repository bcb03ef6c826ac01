import { readdir } from "node:fs/promises";
import path from "node:path";

/** Every regular file under `root` (relative, `/`-separated) outside `.git` and excluded folders; no symlinks. */
export async function walkFiles(root: string, excluded: (relative: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  const pending = [""];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== ".git" && !excluded(`${relative}/`)) pending.push(relative);
      } else if (entry.isFile()) found.push(relative);
    }
  }
  return found.sort();
}
