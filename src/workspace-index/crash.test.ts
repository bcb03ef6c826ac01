import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { HashEmbedder } from "../../test/support/memory/hash-embedder.js";
import { git, removeDir, tempDir, writeTree } from "../../test/support/temp-workspace.js";
import { indexDirectory, WorkspaceIndex } from "./index.js";

const child = path.join(import.meta.dirname, "../../test/support/workspace-index/index-child.ts");
const FILES = 400;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

/** Runs the indexing child; with `killAtBatch`, SIGKILLs it once it reports that many files committed. */
function runIndexer(
  root: string,
  artHome: string,
  killAtBatch?: number,
): Promise<{ out: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", child, root, artHome], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (data: Buffer) => {
      out += data.toString();
      if (killAtBatch !== undefined && out.includes(`batch ${killAtBatch}\n`)) proc.kill("SIGKILL");
    });
    proc.on("error", reject);
    proc.on("close", (_code, signal) => resolve({ out, signal }));
  });
}

function source(i: number, version: number): string {
  // Version 2 of a file has fewer definitions than version 1, so stale chunk ids must be cleaned up.
  const fns = version === 1 ? [0, 1, 2] : [0];
  return fns.map((f) => `export function unit${i}_fn${f}_v${version}() {\n  return ${f};\n}\n`).join("\n");
}

describe("workspace index crash safety", () => {
  it("survives kill -9 during indexing: usable at once, and the next run finishes with no stale chunks", async () => {
    const root = tempDir("art-index-crash-");
    const artHome = tempDir("art-index-crash-home-");
    dirs.push(root, artHome);
    const files: Record<string, string> = {};
    for (let i = 0; i < FILES; i++) files[`src/unit${i}.ts`] = source(i, 1);
    writeTree(root, files);
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-q", "-m", "init");
    expect((await runIndexer(root, artHome)).out).toContain("done");

    // Every file changes to a version with fewer chunks; the re-index is killed part-way.
    for (let i = 0; i < FILES; i++) writeFileSync(path.join(root, `src/unit${i}.ts`), source(i, 2));
    const killed = await runIndexer(root, artHome, 64);
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.out).not.toContain("done");

    const dir = indexDirectory(artHome, root);
    for (const file of ["memory.sqlite", "files.sqlite"]) {
      const raw = new Database(path.join(dir, file), { readonly: true });
      expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
      raw.close();
    }
    // Usable straight away: old and new versions both searchable, nothing half-written.
    const embedder = new HashEmbedder();
    const during = await WorkspaceIndex.open(root, { artHome, embedder });
    expect((await during.search("unit0_fn0_v2", { k: 1, mode: "lexical" }))[0]?.path).toBe("src/unit0.ts");
    expect((await during.search(`unit${FILES - 1}_fn2_v1`, { k: 1, mode: "lexical" }))[0]?.path).toBe(
      `src/unit${FILES - 1}.ts`,
    );
    during.close();

    const resumed = await runIndexer(root, artHome);
    expect(resumed.out).toContain("done");
    const stats = JSON.parse(resumed.out.slice(resumed.out.indexOf("done ") + 5)) as { indexed: number };
    // Only what the killed run had not committed is redone.
    expect(stats.indexed).toBeGreaterThan(0);
    expect(stats.indexed).toBeLessThan(FILES);

    const after = await WorkspaceIndex.open(root, { artHome, embedder });
    // One definition per file now: every version-1 chunk is gone, none leaked.
    expect(after.chunkCount()).toBe(FILES);
    expect(await after.search(`unit${FILES - 1}_fn2_v1`, { mode: "lexical" })).toEqual([]);
    expect((await after.search(`unit${FILES - 1}_fn0_v2`, { k: 1, mode: "lexical" }))[0]?.path).toBe(
      `src/unit${FILES - 1}.ts`,
    );
    after.close();
  });
});
