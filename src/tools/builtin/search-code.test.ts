import path from "node:path";
import { describe, expect, it } from "vitest";
import { HashEmbedder } from "../../../test/support/memory/hash-embedder.js";
import { git, tempDir, writeTree } from "../../../test/support/temp-workspace.js";
import { toolContext } from "../../../test/support/tool-context.js";
import { defaultFilePolicy } from "../file-policy-of.js";
import { normalizeResult, ToolRegistry } from "../index.js";
import { searchCodeToolWith } from "./search-code.js";

function repo(): string {
  const root = tempDir("art-search-code-");
  writeTree(root, {
    "src/retry.ts":
      "/** Retries a call with exponential backoff. */\nexport function retryWithBackoff(fn: () => void) {\n  fn();\n}\n",
    "src/secret/keys.ts": "export function loadSigningKeys() {\n  return [];\n}\n",
    "lib/other.py": "def retry_later():\n    pass\n",
  });
  git(root, "init", "-q");
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", "init");
  return root;
}

async function run(
  tool: ReturnType<typeof searchCodeToolWith>,
  cwd: string,
  args: unknown,
  files?: ReturnType<typeof defaultFilePolicy>,
) {
  const context = toolContext(cwd, files ? { files } : {});
  const { tool: resolved, args: parsed } = await new ToolRegistry([tool]).resolve(
    tool.name,
    JSON.stringify(args),
  );
  return normalizeResult(resolved.name, await resolved.execute(parsed, context)).output;
}

describe("search_code", () => {
  it("indexes lazily on first use and returns path:start-end with the symbol, openable with read_file", async () => {
    const root = repo();
    const tool = searchCodeToolWith({ artHome: tempDir("art-home-"), embedder: new HashEmbedder() });
    const output = await run(tool, root, { query: "retryWithBackoff", k: 1 });
    expect(output.split("\n")[0]).toBe("src/retry.ts:1-4 function retryWithBackoff");
    expect(await run(tool, root, { query: "retry", path_glob: "*.py" })).toMatch(
      /^lib\/other\.py:1-2 function retry_later/,
    );
    expect(await run(tool, root, { query: "zzzqqq nothing" })).toMatch(/^(No matches\.|.+)/);
  });

  it("from a folder below the indexed root, shows paths relative to the workspace the tools use", async () => {
    const root = repo();
    const artHome = tempDir("art-home-");
    const tool = searchCodeToolWith({ artHome, embedder: new HashEmbedder() });
    await run(tool, root, { query: "warm up" });
    const output = await run(tool, path.join(root, "src"), { query: "retryWithBackoff", k: 1 });
    expect(output.split("\n")[0]).toBe("retry.ts:1-4 function retryWithBackoff");
  });

  it("withholds hits in files the sandbox keeps unreadable", async () => {
    const root = repo();
    const tool = searchCodeToolWith({ artHome: tempDir("art-home-"), embedder: new HashEmbedder() });
    const policy = { ...defaultFilePolicy(root), denyRead: [path.join(root, "src/secret")] };
    // A session that cannot read src/secret does not index it...
    const first = await run(tool, root, { query: "loadSigningKeys", k: 5 }, policy);
    expect(first).not.toContain("keys.ts");
    expect(first).not.toMatch(/not shown/);
    // ...and when another session (or art index) did, its hits are withheld.
    expect(await run(tool, root, { query: "loadSigningKeys", k: 1 })).toMatch(/^src\/secret\/keys\.ts:1-3/);
    const output = await run(tool, root, { query: "loadSigningKeys", k: 5 }, policy);
    expect(output).not.toContain("keys.ts");
    expect(output).toMatch(/hits in files the sandbox keeps unreadable not shown/);
  });

  it("searches what is indexed when the time budget runs out, and says files are pending", async () => {
    const root = repo();
    const tool = searchCodeToolWith({
      artHome: tempDir("art-home-"),
      embedder: new HashEmbedder(),
      budgetMs: -1,
    });
    const output = await run(tool, root, { query: "retryWithBackoff" });
    expect(output).toContain("No matches.");
    expect(output).toMatch(/index incomplete: 3 changed files not indexed yet/);
  });
});
