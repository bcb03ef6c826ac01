import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { HashEmbedder } from "../../test/support/memory/hash-embedder.js";
import { Memory } from "./index.js";

const child = join(import.meta.dirname, "../../test/support/memory/index-child.ts");
const TOTAL = 3000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs the indexing child; with `killAfterBatch`, SIGKILLs it as soon as it reports that batch committed. */
function runIndexer(
  dir: string,
  killAfterBatch?: number,
): Promise<{ out: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", child, dir, String(TOTAL)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (data: Buffer) => {
      out += data.toString();
      if (killAfterBatch !== undefined && out.includes(`batch ${killAfterBatch}\n`)) proc.kill("SIGKILL");
    });
    proc.on("error", reject);
    proc.on("close", (_code, signal) => resolve({ out, signal }));
  });
}

describe("memory store crash safety", () => {
  it("survives kill -9 during indexing: consistent, searchable, and the next run finishes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "art-memory-crash-"));
    dirs.push(dir);
    const killed = await runIndexer(dir, 3);
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.out).not.toContain("done");

    // Every batch is one transaction: chunks, FTS rows and vectors agree, and only whole batches are present.
    const raw = new Database(join(dir, "memory.sqlite"));
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    const chunks = (raw.prepare("SELECT count(*) AS n FROM chunks").get() as { n: number }).n;
    const vectors = (raw.prepare("SELECT count(*) AS n FROM chunk_vectors").get() as { n: number }).n;
    const fts = (raw.prepare("SELECT count(*) AS n FROM chunks_fts").get() as { n: number }).n;
    raw.close();
    expect(chunks).toBeGreaterThanOrEqual(40);
    expect(chunks).toBeLessThan(TOTAL);
    expect(chunks % 10).toBe(0);
    expect(vectors).toBe(chunks);
    expect(fts).toBe(chunks);

    const embedder = new HashEmbedder();
    const store = await Memory.vectorStore(dir, { embedder });
    expect(store.get("doc-0")?.metadata).toEqual({ n: 0 });
    expect((await store.search("document number 5", { limit: 3 })).map((h) => h.id)).toContain("doc-5");
    store.close();

    const resumed = await runIndexer(dir);
    expect(resumed.out).toContain("done");
    const after = await Memory.vectorStore(dir, { embedder });
    expect(after.count()).toBe(TOTAL);
    expect((await after.search(`document number ${TOTAL - 1}`, { limit: 3 })).map((h) => h.id)).toContain(
      `doc-${TOTAL - 1}`,
    );
    after.close();
  });
});
