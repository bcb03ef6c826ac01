import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { findGitRoot } from "../workspace/index.js";

const MAX_BYTES = 64 * 1024;

/**
 * AGENTS.md files from the repository root down to `cwd` (just `cwd` outside a repository), outermost first, so
 * the instructions nearest the work come last and weigh most. Each is capped at 64 KiB.
 */
export function loadAgentsMd(cwd: string): { path: string; content: string }[] {
  const top = findGitRoot(cwd) ?? path.resolve(cwd);
  const dirs: string[] = [];
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (dir === top || path.dirname(dir) === dir) break;
  }
  const found: { path: string; content: string }[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, "AGENTS.md");
    try {
      if (!statSync(file).isFile()) continue;
      const content = readFileSync(file, "utf8");
      found.push({
        path: file,
        content: content.length > MAX_BYTES ? `${content.slice(0, MAX_BYTES)}\n[… truncated]` : content,
      });
    } catch {
      // No AGENTS.md here.
    }
  }
  return found;
}
