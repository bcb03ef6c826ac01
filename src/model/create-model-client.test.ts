import { afterEach, describe, expect, it } from "vitest";
import { type MockLlmServer, startMockLlmServer } from "../../test/support/mock-llm-server/index.js";
import {
  contextWindowFor,
  createModelClient,
  InvalidModelSpecError,
  MissingApiKeyError,
  type ModelEvent,
  type ModelRequest,
} from "./index.js";

const REQUEST: ModelRequest = { system: "", items: [{ type: "user", text: "hi" }], tools: [] };

async function drain(iterable: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

let server: MockLlmServer | undefined;
afterEach(async () => {
  await server?.close({ allowUnconsumed: true });
  server = undefined;
});

describe("createModelClient", () => {
  it.each([
    ["openai:gpt-5", "OPENAI_API_KEY"],
    ["anthropic:claude-sonnet-4-5", "ANTHROPIC_API_KEY"],
  ])("%s without a key names the variable to set", async (spec, envVar) => {
    const error = await createModelClient(spec, { env: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MissingApiKeyError);
    expect(error).toMatchObject({ code: "model.api_key_missing", envVar });
    expect((error as Error).message).toContain(`Export ${envVar}=`);
  });

  it.each([
    ["gpt-5", "it has no provider prefix"],
    ["openai:", "the model name after the colon is empty"],
    ["gemini:pro", 'unknown provider "gemini"'],
    ["openai-compatible:llama3.1", "openai-compatible needs a base URL"],
  ])("rejects the spec %s", async (spec, problem) => {
    const error = await createModelClient(spec, { env: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidModelSpecError);
    expect((error as Error).message).toContain(problem);
  });

  it("rejects a base URL that is not a URL", async () => {
    const error = await createModelClient("openai-compatible:x", { baseUrl: "localhost:11434" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: "model.spec_invalid" });
    expect((error as Error).message).toContain('base URL "localhost:11434" is not a valid http(s) URL');
  });

  it("honours OPENAI_BASE_URL and ANTHROPIC_BASE_URL and sends each provider's key header", async () => {
    server = await startMockLlmServer({ responses: [{ text: "hi" }] });
    const env = {
      OPENAI_API_KEY: "sk-openai",
      OPENAI_BASE_URL: `${server.url}/v1`,
      ANTHROPIC_API_KEY: "sk-anthropic",
      ANTHROPIC_BASE_URL: `${server.url}/v1`,
    };
    await drain(
      (await createModelClient("openai:gpt-4.1", { env })).stream(REQUEST, new AbortController().signal),
    );
    await drain(
      (await createModelClient("anthropic:claude-opus-4-1", { env })).stream(
        REQUEST,
        new AbortController().signal,
      ),
    );
    expect(
      server.requests.map((request) => [
        request.path,
        request.headers.authorization,
        request.headers["x-api-key"],
      ]),
    ).toEqual([
      ["/v1/responses", "Bearer sk-openai", undefined],
      ["/v1/messages", undefined, "sk-anthropic"],
    ]);
  });

  it("sends an openai-compatible key only when OPENAI_COMPATIBLE_API_KEY is set", async () => {
    server = await startMockLlmServer({ responses: [{ text: "hi" }] });
    const baseUrl = `${server.url}/v1`;
    await drain(
      (await createModelClient("openai-compatible:m", { baseUrl, env: {} })).stream(
        REQUEST,
        new AbortController().signal,
      ),
    );
    const env = { OPENAI_COMPATIBLE_API_KEY: "local-key" };
    await drain(
      (await createModelClient("openai-compatible:m", { baseUrl, env })).stream(
        REQUEST,
        new AbortController().signal,
      ),
    );
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      undefined,
      "Bearer local-key",
    ]);
  });

  it("names the key variable when the provider answers 401", async () => {
    server = await startMockLlmServer({
      responses: [{ text: "hi" }],
      faults: [{ type: "status", status: 401, message: "Incorrect API key" }],
    });
    const model = await createModelClient("openai:gpt-5", {
      baseUrl: `${server.url}/v1`,
      env: { OPENAI_API_KEY: "bad" },
    });
    const error = await drain(model.stream(REQUEST, new AbortController().signal)).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: "model.request_failed", status: 401, isRetryable: false });
    expect((error as Error).message).toContain("Incorrect API key");
    expect((error as Error).message).toContain("Check that OPENAI_API_KEY holds a valid key");
  });

  it("reports a context window by model name, with defaults and an override", async () => {
    const env = { OPENAI_API_KEY: "k", ANTHROPIC_API_KEY: "k" };
    expect((await createModelClient("openai:gpt-5-mini", { env })).contextWindow).toBe(400_000);
    expect((await createModelClient("anthropic:claude-sonnet-4-5", { env })).contextWindow).toBe(200_000);
    expect((await createModelClient("openai:some-future-model", { env })).contextWindow).toBe(128_000);
    const local = await createModelClient("openai-compatible:mystery", { baseUrl: "http://127.0.0.1:1/v1" });
    expect(local.contextWindow).toBe(32_768);
    const override = await createModelClient("openai:gpt-5", { env, contextWindow: 5_000 });
    expect(override.contextWindow).toBe(5_000);
    expect(contextWindowFor("qwen2.5-coder:7b")).toBe(32_768);
    expect(contextWindowFor("Qwen/Qwen3-Coder-30B-A3B-Instruct")).toBe(262_144);
    expect(contextWindowFor("meta-llama/Llama-3.1-8B-Instruct")).toBe(131_072);
  });
});
