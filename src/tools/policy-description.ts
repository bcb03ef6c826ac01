import { realpathSync } from "node:fs";
import path from "node:path";
import type { PolicyCall } from "../security/index.js";
import type { PolicyDescription } from "./tool.js";

/** Characters of a summary shown to approvers and written to the audit log. */
const MAX_SUMMARY = 500;

/** `text`, cut to the length a summary may have. */
export function shortSummary(text: string): string {
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY)}…` : text;
}

/**
 * Where a write to `target` would land when symlinks on its way are followed, when that differs from the path as
 * written: the policy judges both, so `notes.txt` → `~/.bashrc` is judged as a write of `~/.bashrc`.
 */
function landing(cwd: string, target: string): string | undefined {
  const lexical = path.resolve(cwd, target);
  let existing = lexical;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = realpathSync(existing);
      const landed = path.join(real, ...rest);
      return landed === lexical ? undefined : landed;
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return undefined;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/** The policy calls for writing each of `targets`: as written, and where a symlink on the way leads. */
export function fileWriteCalls(cwd: string, targets: string[], tool: string): PolicyCall[] {
  return targets.flatMap((target) => {
    const landed = landing(cwd, target);
    return [target, ...(landed ? [landed] : [])].map(
      (file): PolicyCall => ({ kind: "file", path: file, access: "write", tool }),
    );
  });
}

/** The policy call for reading `target` (a file tool's path argument, `.` when it has none). */
export function fileReadCall(target: unknown, tool: string): PolicyDescription {
  const file = typeof target === "string" ? target : ".";
  return { calls: [{ kind: "file", path: file, access: "read", tool }], summary: `${tool} ${file}` };
}
