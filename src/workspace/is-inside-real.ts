import { realpathSync } from "node:fs";
import path from "node:path";

/** Whether `file`, with symlinks resolved (where it exists), lies in `dir` (also resolved) or is `dir`. */
export function isInsideReal(dir: string, file: string): boolean {
  const real = (entry: string) => {
    try {
      return realpathSync(entry);
    } catch {
      return path.resolve(entry);
    }
  };
  const parent = real(dir);
  const child = real(file);
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}
