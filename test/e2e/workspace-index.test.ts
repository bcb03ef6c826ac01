import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startArt } from "../support/art-process.js";
import { jsonLines, REPO_ROOT, runArt } from "../support/run-art.js";
import { git, tempDir } from "../support/temp-workspace.js";

// Small real packages from node_modules, code and package.json only (the offline embedder is slow on long docs).
const PACKAGES = ["bytes", "etag", "fresh", "content-type", "cookie", "escape-html"];

function packagesWorkspace(): string {
  const root = tempDir("art-index-e2e-");
  for (const name of PACKAGES) {
    for (const file of ["index.js", "package.json"])
      cpSync(path.join(REPO_ROOT, "node_modules", name, file), path.join(root, name, file));
  }
  git(root, "init", "-q");
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", "packages");
  return root;
}

function script(responses: unknown[]): string {
  const file = path.join(tempDir("art-scripts-"), "s.json");
  writeFileSync(file, JSON.stringify({ responses }));
  return `scripted:${file}`;
}

describe("art index, art search and the search_code tool", () => {
  it("indexes a real package tree, searches it, and a scripted session finds the right file with search_code", async () => {
    const home = tempDir("art-home-");
    const root = packagesWorkspace();
    const env = { ART_HOME: home };

    const indexed = await runArt(["index", root, "--json"], { env, timeoutMs: 300_000 });
    expect(indexed.stderr).toBe("");
    expect(indexed.code).toBe(0);
    const stats = JSON.parse(indexed.stdout.trim()) as { files: number; indexed: number; chunks: number };
    expect(stats).toMatchObject({ files: PACKAGES.length * 2, indexed: PACKAGES.length * 2 });
    expect(stats.chunks).toBeGreaterThan(PACKAGES.length * 2);

    // Again: nothing changed, nothing read.
    const again = await runArt(["index", root, "--json"], { env, timeoutMs: 120_000 });
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ indexed: 0, removed: 0 });

    const searched = await runArt(["search", "generate an entity tag", "--json", "--k", "3"], {
      env,
      cwd: path.join(root, "etag"),
      timeoutMs: 120_000,
    });
    expect(searched.code).toBe(0);
    const hits = jsonLines(searched.stdout) as unknown as Array<{
      path: string;
      startLine: number;
      endLine: number;
    }>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits[0]?.path).toBe("etag/index.js");
    expect(hits[0]?.startLine).toBeGreaterThan(0);
    expect(hits[0]?.endLine).toBeGreaterThanOrEqual(hits[0]?.startLine ?? 0);

    const missing = await runArt(["search", "anything"], { env, cwd: tempDir("art-noindex-") });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("[index.missing]");
    expect(missing.stderr).toContain("art index");

    const model = script([
      { toolCalls: [{ name: "search_code", arguments: { query: "parse a cookie header string", k: 3 } }] },
      { text: "Found it." },
    ]);
    const run = await runArt(
      ["exec", "--json", "--model", model, "--cwd", root, "where are cookies parsed?"],
      {
        env,
        timeoutMs: 120_000,
      },
    );
    expect(run.code).toBe(0);
    const events = jsonLines(run.stdout);
    const result = events.find((event) => event.type === "tool.result");
    const output = String(result?.output);
    expect(output.split("\n")[0]).toMatch(/^cookie\/index\.js:\d+-\d+ function parse\b/);
  });

  it("art index --watch re-indexes a changed file and stops cleanly on SIGTERM", async () => {
    const home = tempDir("art-home-");
    const root = tempDir("art-index-watch-");
    writeFileSync(path.join(root, "a.py"), "def first_function():\n    pass\n");
    git(root, "init", "-q");
    const art = startArt(["index", root, "--watch", "--json"], { env: { ART_HOME: home } });
    await art.waitFor(() => art.stdout().split("\n").filter(Boolean).length >= 1, 120_000);
    expect(JSON.parse(art.stdout().trim())).toMatchObject({ files: 1, indexed: 1 });
    writeFileSync(path.join(root, "b.py"), "def watched_addition():\n    pass\n");
    await art.waitFor(() => art.stdout().split("\n").filter(Boolean).length >= 2, 120_000);
    expect(JSON.parse(art.stdout().trim().split("\n")[1] as string)).toMatchObject({ files: 2, indexed: 1 });
    process.kill(art.child.pid as number, "SIGTERM");
    expect(await art.exited).toBe(0);
    const found = await runArt(["search", "watched_addition", "--json", "--k", "1"], {
      env: { ART_HOME: home },
      cwd: root,
    });
    expect((jsonLines(found.stdout)[0] as unknown as { path: string }).path).toBe("b.py");
  });
});
