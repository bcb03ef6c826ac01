import { afterEach, describe, expect, it } from "vitest";
import { type MockLlmServer, startMockLlmServer } from "../../../test/support/mock-llm-server/index.js";
import { tempDir } from "../../../test/support/temp-workspace.js";
import {
  EmbedderConfigError,
  EmbedderMismatchError,
  EmbeddingRequestError,
  embedderFromSpec,
  Memory,
} from "../index.js";

let server: MockLlmServer | undefined;
afterEach(async () => {
  await server?.close({ allowUnconsumed: true });
  server = undefined;
});

function embeddingCalls(s: MockLlmServer) {
  return s.requests.filter((r) => r.path === "/v1/embeddings");
}

describe("AI SDK embedders against a real /v1/embeddings endpoint", () => {
  it("openai:text-embedding-3-small: key and base URL from the environment, 1536 dimensions", async () => {
    server = await startMockLlmServer({ responses: [], embeddingDimensions: 1536 });
    const env = { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${server.url}/v1` };
    const embedder = await embedderFromSpec("openai:text-embedding-3-small", { env });
    expect(embedder).toMatchObject({ id: "openai:text-embedding-3-small", dimensions: 1536 });
    const [vector] = await embedder.embed(["hello world"]);
    expect(vector).toHaveLength(1536);
    const [call] = embeddingCalls(server);
    expect(call?.headers.authorization).toBe("Bearer sk-test");
    expect(call?.body).toMatchObject({ model: "text-embedding-3-small", input: ["hello world"] });
  });

  it("openai-compatible: asks the server its dimensions once, batches, and caches by content hash", async () => {
    server = await startMockLlmServer({ responses: [] });
    const embedder = await embedderFromSpec("openai-compatible:nomic-embed-text", {
      baseUrl: `${server.url}/v1`,
    });
    expect(embedder.dimensions).toBe(64);
    expect(embeddingCalls(server)).toHaveLength(1); // the probe
    const texts = Array.from({ length: 300 }, (_, i) => `text number ${i}`);
    const first = await embedder.embed(texts);
    expect(first).toHaveLength(300);
    // 300 texts go out in batches of 128: three requests.
    expect(
      embeddingCalls(server)
        .slice(1)
        .map((r) => (r.body as { input: string[] }).input.length),
    ).toEqual([128, 128, 44]);
    const again = await embedder.embed([texts[5]!, "a new one", texts[5]!]);
    expect(again[0]).toEqual(first[5]);
    expect(again[2]).toEqual(first[5]);
    const last = embeddingCalls(server).at(-1)?.body as { input: string[] };
    expect(last.input).toEqual(["a new one"]); // only the miss was sent
    expect(embeddingCalls(server)).toHaveLength(5);
  });

  it("a store records its embedder and refuses another one's vectors", async () => {
    server = await startMockLlmServer({ responses: [] });
    const baseUrl = `${server.url}/v1`;
    const dir = tempDir();
    const a = await embedderFromSpec("openai-compatible:model-a", { baseUrl, dimensions: 64 });
    const store = await Memory.vectorStore(dir, { embedder: a });
    await store.add([{ id: "1", text: "the build uses tsc" }]);
    expect((await store.search("build tsc", { mode: "vector" }))[0]?.id).toBe("1");
    store.close();
    const b = await embedderFromSpec("openai-compatible:model-b", { baseUrl, dimensions: 64 });
    const refused = await Memory.vectorStore(dir, { embedder: b }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EmbedderMismatchError);
    expect((refused as Error).message).toMatch(/Re-index/);
  });

  it("typed errors: unknown spec, missing key, missing base URL, a failing server", async () => {
    await expect(embedderFromSpec("cohere:embed")).rejects.toBeInstanceOf(EmbedderConfigError);
    await expect(embedderFromSpec("openai:text-embedding-3-small", { env: {} })).rejects.toThrow(
      /OPENAI_API_KEY/,
    );
    await expect(embedderFromSpec("openai-compatible:x", { env: {} })).rejects.toThrow(
      /ART_MEMORY_EMBEDDER_BASE_URL/,
    );
    await expect(embedderFromSpec("openai-compatible:x", { baseUrl: "ftp://x" })).rejects.toBeInstanceOf(
      EmbedderConfigError,
    );
    server = await startMockLlmServer({
      responses: [],
      // retry-after-ms keeps the AI SDK's backoff short; the retries still happen.
      faults: [1, 2, 3].map(() => ({
        type: "status" as const,
        status: 503,
        headers: { "retry-after-ms": "1" },
      })),
    });
    const embedder = await embedderFromSpec("openai-compatible:x", {
      baseUrl: `${server.url}/v1`,
      dimensions: 64,
    });
    await expect(embedder.embed(["x"])).rejects.toBeInstanceOf(EmbeddingRequestError);
    expect(embeddingCalls(server)).toHaveLength(3); // the AI SDK's two retries
  });
});
