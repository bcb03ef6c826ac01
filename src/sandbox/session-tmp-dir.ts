import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Creates a private temp dir for one session's sandboxed commands (exported to them as TMPDIR). */
export function createSandboxTmpDir(parent: string = os.tmpdir()): string {
  return mkdtempSync(path.join(parent, "art-tmp-"));
}

/** Removes a dir made by {@link createSandboxTmpDir}. */
export function removeSandboxTmpDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
