import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { HashEmbedder } from "../../test/support/memory/hash-embedder.js";
import {
  type ChunkInput,
  ChunkNotFoundError,
  EmbedderMismatchError,
  EmbedderOutputError,
  fuseRanks,
  MEMORY_FORMAT_VERSION,
  Memory,
  MemoryFormatError,
  MemoryInputError,
  type VectorStore,
} from "./index.js";

const dirs: string[] = [];
const stores: VectorStore[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "art-memory-"));
  dirs.push(dir);
  return dir;
}
async function open(dir = tempDir(), embedder = new HashEmbedder()): Promise<VectorStore> {
  const store = await Memory.vectorStore(dir, { embedder });
  stores.push(store);
  return store;
}
afterEach(() => {
  for (const s of stores.splice(0)) {
    try {
      s.close();
    } catch {}
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const docs: ChunkInput[] = [
  {
    id: "build",
    text: "The project is built with tsc and bundled by esbuild",
    metadata: { scope: "workspace" },
  },
  { id: "tests", text: "Run targeted tests with vitest run path", metadata: { scope: "workspace" } },
  { id: "editor", text: "The user prefers tabs over spaces in the editor", metadata: { scope: "user" } },
  {
    id: "deploy",
    text: "Deploys go through the staging cluster first",
    metadata: { scope: "workspace", team: "ops" },
  },
];

describe("fuseRanks", () => {
  it("ranks an id found high in both lists above ids found in one", () => {
    const scores = fuseRanks([
      [1, 2, 3],
      [2, 4],
    ]);
    const order = [...scores].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    expect(order[0]).toBe(2);
    expect(scores.get(2)).toBeCloseTo(1 / 62 + 1 / 61);
  });
});

describe("Memory.vectorStore", () => {
  it("adds, gets, lists with filters, and searches in each mode", async () => {
    const store = await open();
    await store.add(docs);
    expect(store.count()).toBe(4);
    expect(store.get("build")?.metadata).toEqual({ scope: "workspace" });
    expect(store.list({ filter: { scope: "user" } }).map((c) => c.id)).toEqual(["editor"]);
    expect(store.list({ filter: { scope: ["user", "workspace"], team: "ops" } }).map((c) => c.id)).toEqual([
      "deploy",
    ]);

    const lexical = await store.search("how is it built with tsc?", { mode: "lexical" });
    expect(lexical[0]?.id).toBe("build");
    const vector = await store.search("esbuild tsc", { mode: "vector" });
    expect(vector[0]?.id).toBe("build");
    const hybrid = await store.search("vitest tests", { limit: 2 });
    expect(hybrid[0]?.id).toBe("tests");
    expect(hybrid.length).toBeLessThanOrEqual(2);
    expect(hybrid[0]?.score).toBeGreaterThan(0);
  });

  it("hybrid finds by vector what BM25 cannot, and filters apply to both lists", async () => {
    // "compile" shares the vector bucket of "tsc" but no word with the text.
    const store = await open(tempDir(), new HashEmbedder({ synonyms: { compile: "tsc" } }));
    await store.add(docs);
    expect(await store.search("compile", { mode: "lexical" })).toEqual([]);
    const hits = await store.search("compile");
    expect(hits[0]?.id).toBe("build");
    const filtered = await store.search("compile editor tabs", { filter: { scope: "workspace" } });
    expect(filtered.map((h) => h.id)).not.toContain("editor");
    expect(await store.search("editor tabs", { filter: { scope: "nobody" } })).toEqual([]);
  });

  it("update replaces text in both indexes; delete removes from both", async () => {
    const store = await open();
    await store.add(docs);
    await store.update("editor", { text: "The user prefers dark themes" });
    expect((await store.search("tabs spaces", { mode: "lexical" })).map((h) => h.id)).not.toContain("editor");
    expect((await store.search("dark themes", { mode: "lexical" }))[0]?.id).toBe("editor");
    expect(store.get("editor")?.metadata).toEqual({ scope: "user" });
    await store.update("editor", { metadata: { scope: "workspace" } });
    expect(store.get("editor")?.text).toBe("The user prefers dark themes");
    await expect(store.update("missing", { text: "x" })).rejects.toBeInstanceOf(ChunkNotFoundError);

    expect(store.delete(["editor", "missing"])).toBe(1);
    expect(store.get("editor")).toBeUndefined();
    expect(await store.search("dark themes", { mode: "lexical" })).toEqual([]);
    expect((await store.search("dark themes", { mode: "vector" })).map((h) => h.id)).not.toContain("editor");
  });

  it("skips re-embedding unchanged chunks, so re-running an indexing job is cheap and idempotent", async () => {
    const embedder = new HashEmbedder();
    const store = await open(tempDir(), embedder);
    await store.add(docs);
    const texts = embedder.texts;
    await store.add(docs);
    expect(embedder.texts).toBe(texts);
    await store.add([{ ...(docs[0] as ChunkInput), text: "changed" }, ...docs.slice(1)]);
    expect(embedder.texts).toBe(texts + 1);
    expect(store.count()).toBe(4);
  });

  it("rejects bad ids, duplicate ids, bad filter keys and wrong-sized vectors with typed errors", async () => {
    const store = await open();
    await expect(store.add([{ id: "", text: "x" }])).rejects.toBeInstanceOf(MemoryInputError);
    await expect(
      store.add([
        { id: "a", text: "x" },
        { id: "a", text: "y" },
      ]),
    ).rejects.toBeInstanceOf(MemoryInputError);
    expect(() => store.list({ filter: { "a') OR 1=1 --": "x" } })).toThrow(MemoryInputError);
    // Punctuation in a query is not FTS5 syntax.
    await expect(store.search('"unbalanced AND (', { mode: "lexical" })).resolves.toEqual([]);

    const liar = {
      id: "liar",
      dimensions: 4,
      embed: async (t: readonly string[]) => t.map(() => new Float32Array(3)),
    };
    const bad = await Memory.vectorStore(tempDir(), { embedder: liar });
    stores.push(bad);
    await expect(bad.add([{ id: "a", text: "x" }])).rejects.toBeInstanceOf(EmbedderOutputError);
    expect(bad.count()).toBe(0);
  });

  it("records its embedder, refuses another, and re-indexes on request", async () => {
    const dir = tempDir();
    const first = await open(dir);
    await first.add(docs);
    first.close();
    const other = new HashEmbedder({ id: "other-model", dimensions: 32 });
    const error = await Memory.vectorStore(dir, { embedder: other }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbedderMismatchError);
    expect((error as Error).message).toMatch(/re-index/i);

    const reindexed = await Memory.vectorStore(dir, { embedder: other, reindex: true });
    stores.push(reindexed);
    expect(other.texts).toBe(docs.length);
    expect((await reindexed.search("esbuild tsc", { mode: "vector" }))[0]?.id).toBe("build");
    reindexed.close();
    await expect(Memory.vectorStore(dir, { embedder: new HashEmbedder() })).rejects.toBeInstanceOf(
      EmbedderMismatchError,
    );
  });

  it("persists a format version and refuses a newer one or a foreign SQLite file", async () => {
    const dir = tempDir();
    (await open(dir)).close();
    const db = new Database(join(dir, "memory.sqlite"));
    expect(db.prepare("SELECT value FROM memory_meta WHERE key = 'format_version'").get()).toEqual({
      value: String(MEMORY_FORMAT_VERSION),
    });
    db.prepare("UPDATE memory_meta SET value = ? WHERE key = 'format_version'").run(
      String(MEMORY_FORMAT_VERSION + 1),
    );
    db.close();
    await expect(open(dir)).rejects.toBeInstanceOf(MemoryFormatError);

    const foreign = tempDir();
    const other = new Database(join(foreign, "memory.sqlite"));
    other.exec("CREATE TABLE t (x)");
    other.close();
    await expect(open(foreign)).rejects.toBeInstanceOf(MemoryFormatError);
  });
});
