import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
});
