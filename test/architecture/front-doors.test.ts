import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/repo-root.js";

const SRC = path.join(REPO_ROOT, "src");

/**
 * Deliberate exceptions, each with its reason. The CLI's entry decides the command before it loads anything heavy
 * (`art --help` must start almost as fast as node): core's front door loads the event vocabulary (zod), so the entry
 * and the usage error it throws take the error base class from its own file.
 */
const ALLOWED = new Set([
  "src/cli/main.ts imports ../core/errors/art-error.js",
  "src/cli/usage-error.ts imports ../core/errors/art-error.js",
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** The top-level folder of `src` a file belongs to (`""` for files directly in `src`). */
function folderOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length > 1 ? parts[0]! : "";
}

/** Relative module specifiers of a file: static imports, re-exports and dynamic `import()`. */
function relativeImports(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)) found.push(match[1]!);
  return found;
}

/**
 * Every import that crosses from one of src's folders into another, other than through that folder's `index.ts`.
 * Tests may reach inside (they test the parts), production code may not: a folder's front door is its contract.
 */
function bypasses(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    if (/\.test\.ts$|\.fixture\.ts$|[/\\](testing|fixtures)[/\\]/.test(file)) continue;
    const from = folderOf(file);
    for (const specifier of relativeImports(readFileSync(file, "utf8"))) {
      const target = path.resolve(path.dirname(file), specifier);
      if (!target.startsWith(SRC + path.sep)) continue;
      const into = folderOf(target);
      if (into === "" || into === from) continue;
      if (target === path.join(SRC, into, "index.js")) continue;
      const bypass = `${path.relative(REPO_ROOT, file)} imports ${specifier}`;
      if (!ALLOWED.has(bypass)) found.push(bypass);
    }
  }
  return found;
}

describe("folders are reached through their index.ts", () => {
  it("no production import bypasses another folder's front door", () => {
    expect(bypasses()).toEqual([]);
  });
});
