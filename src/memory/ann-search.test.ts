import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HashEmbedder } from "../../test/support/memory/hash-embedder.js";
import { tempDir } from "../../test/support/temp-workspace.js";
import { Memory, type VectorStore } from "./index.js";

const stores: VectorStore[] = [];
async function open(dir: string, annThreshold: number): Promise<VectorStore> {
  const store = await Memory.vectorStore(dir, { embedder: new HashEmbedder(), annThreshold });
  stores.push(store);
  return store;
}
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

const docs = Array.from({ length: 300 }, (_, i) => ({
  id: `d${i}`,
  text: `document ${i} about ${["build", "deploy", "test", "lint"][i % 4]} topic${i % 17} word${i % 5}`,
  metadata: { group: i % 3 },
}));
const ids = async (store: VectorStore, q: string, filter?: Record<string, number>) =>
  (await store.search(q, { mode: "vector", limit: 5, ...(filter ? { filter } : {}) })).map((h) => h.id);

describe("HNSW side index", () => {
  it("agrees with exact search, follows deletes, filters, and is saved beside the SQLite file", async () => {
    const dir = tempDir();
    const ann = await open(dir, 10);
    await ann.add(docs);
    const exactDir = tempDir();
    const exact = await open(exactDir, Number.MAX_SAFE_INTEGER);
    await exact.add(docs);
    // Hash vectors tie a lot, so compare what is unambiguous: a document's own text finds it first, in both.
    for (const i of [3, 42, 117, 250]) {
      const text = docs[i]!.text;
      expect((await ids(ann, text))[0]).toBe(`d${i}`);
      expect((await ids(ann, text))[0]).toBe((await ids(exact, text))[0]);
      expect((await ids(ann, text, { group: i % 3 }))[0]).toBe(`d${i}`);
      const other = await ids(ann, text, { group: (i + 1) % 3 });
      expect(other).not.toContain(`d${i}`);
      expect(other).toHaveLength(5);
    }
    ann.delete(["d42"]);
    expect(await ids(ann, docs[42]!.text)).not.toContain("d42");
    expect(existsSync(join(dir, "hnsw.json"))).toBe(true);
    expect(existsSync(join(exactDir, "hnsw.json"))).toBe(false);
  });

  it("catches up with another writer, and rebuilds a missing or damaged index (SQLite is the truth)", async () => {
    const dir = tempDir();
    const first = await open(dir, 10);
    await first.add(docs);
    await ids(first, "warm up"); // builds and saves the index
    const second = await open(dir, 10);
    await second.add([{ id: "new", text: "zebra quartz unique words" }]);
    second.delete(["d7"]);
    expect((await ids(first, "zebra quartz unique words"))[0], "catch-up").toBe("new");
    expect(await ids(first, docs[7]!.text)).not.toContain("d7");
    first.close();
    second.close();
    stores.splice(0);
    // A crash mid-save leaves a temp file and the old manifest; a damaged file is rebuilt from SQLite.
    for (const name of readdirSync(dir))
      if (name.endsWith(".usearch")) writeFileSync(join(dir, name), "garbage");
    const third = await open(dir, 10);
    expect((await ids(third, "zebra quartz unique words"))[0], "damaged").toBe("new");
    third.close();
    stores.splice(0);
    rmSync(join(dir, "hnsw.json"));
    const fourth = await open(dir, 10);
    expect((await ids(fourth, docs[11]!.text))[0]).toBe("d11");
  });

  it("rebuilds an index saved by an older format version, and sees writes made between searches", async () => {
    const dir = tempDir();
    const store = await open(dir, 10);
    await store.add(docs);
    await ids(store, "warm up"); // builds and saves the index
    const manifestFile = join(dir, "hnsw.json");
    const saved = JSON.parse(readFileSync(manifestFile, "utf8")) as { v: number; file: string };
    store.close();
    stores.splice(0);
    // An index from format 1 (16 links a node) must not be searched with format 2's settings: rebuilt.
    writeFileSync(manifestFile, JSON.stringify({ ...saved, v: 1 }));
    const reopened = await open(dir, 10);
    expect((await ids(reopened, docs[5]!.text))[0]).toBe("d5");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { v: number; file: string };
    expect(manifest.v).toBe(2);
    expect(manifest.file).not.toBe(saved.file);
    // Searches skip the catch-up only while nothing changed: this store's own write is seen at once.
    await reopened.add([{ id: "fresh", text: "zebra quartz unique words" }]);
    expect((await ids(reopened, "zebra quartz unique words"))[0]).toBe("fresh");
    reopened.delete(["fresh"]);
    expect(await ids(reopened, "zebra quartz unique words")).not.toContain("fresh");
  });
});
