import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

describe("agent-runtime/graph", () => {
  it("loads nothing heavy when imported: no SQLite, no agent runtime, no providers, no shell parser", () => {
    const dir = tempDir("art-graph-import-");
    const hooks = path.join(dir, "hooks.mjs");
    // A resolve hook (it runs on the loader thread) prints every module the import pulls in.
    writeFileSync(
      hooks,
      `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  process.stderr.write(result.url + "\\n");
  return result;
}
`,
    );
    const script = path.join(dir, "main.mjs");
    writeFileSync(
      script,
      `import { register } from "node:module";
register(${JSON.stringify(pathToFileURL(hooks).href)});
await import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, "dist", "graph", "index.js")).href)});
`,
    );
    const run = spawnSync(process.execPath, [script], { encoding: "utf8" });
    expect(run.status).toBe(0);
    const loaded = run.stderr.split("\n").filter((line) => line.startsWith("file:"));
    expect(loaded.some((url) => url.includes("/dist/graph/index.js"))).toBe(true);
    const heavy = loaded.filter((url) =>
      /better-sqlite3|web-tree-sitter|tree-sitter-bash|@ai-sdk|\/dist\/orchestrator\/|\/dist\/store\/|\/dist\/sandbox\//.test(
        url,
      ),
    );
    expect(heavy).toEqual([]);
  });
});
