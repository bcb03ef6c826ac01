import { lstatSync, readdirSync } from "node:fs";
import path from "node:path";

/** Bytes taken by the files under `dir` (symlinks not followed). */
export function du(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) total += du(file);
    else total += lstatSync(file).size;
  }
  return total;
}
