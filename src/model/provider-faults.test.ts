import { afterEach, describe, expect, it } from "vitest";
import {
  type MockFault,
  type MockLlmServer,
  type MockLlmServerOptions,
  refusedUrl,
  startMockLlmServer,
} from "../../test/support/mock-llm-server/index.js";
import {
  createModelClient,
  type ModelClient,
  type ModelEvent,
  ModelIdleTimeoutError,
  type ModelRequest,
  ModelRequestError,
  ModelStreamError,
  ModelUnreachableError,
} from "./index.js";

/** Each real provider, pointed at the mock server over HTTP. */
const PROVIDERS = [
  { spec: "openai:gpt-5", label: "OpenAI" },
  { spec: "anthropic:claude-sonnet-4-5", label: "Anthropic" },
  { spec: "openai-compatible:qwen2.5-coder:7b", label: "OpenAI-compatible" },
] as const;

const ENV = { OPENAI_API_KEY: "sk-test", ANTHROPIC_API_KEY: "sk-ant-test" };
const USAGE = { inputTokens: 120, outputTokens: 30, cachedInputTokens: 20, reasoningTokens: 4 };
const ANSWER = "one two three four five six seven eight nine ten";
const REQUEST: ModelRequest = {
  system: "You are a coding agent.",
  items: [{ type: "user", text: "Count." }],
  tools: [],
};

let server: MockLlmServer | undefined;
afterEach(async () => {
  await server?.close({ allowUnconsumed: true, allowProblems: true });
  server = undefined;
});

async function start(options: Omit<MockLlmServerOptions, "responses">): Promise<MockLlmServer> {
  server = await startMockLlmServer({ usage: USAGE, responses: [{ text: ANSWER }], ...options });
  return server;
}

function client(
  spec: string,
  url: string,
  options: { maxRetries?: number; idleTimeoutMs?: number } = {},
): Promise<ModelClient> {
  return createModelClient(spec, { baseUrl: `${url}/v1`, env: ENV, retryInitialDelayMs: 5, ...options });
}

/** Every event of a stream, and the error that ended it (undefined when it finished). */
async function run(iterable: AsyncIterable<ModelEvent>): Promise<{ events: ModelEvent[]; error: unknown }> {
  const events: ModelEvent[] = [];
  try {
    for await (const event of iterable) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

/** The stream with text deltas folded into one text, and retry events cut to what the tests compare. */
function summary(events: ModelEvent[]): unknown[] {
  const out: unknown[] = [];
  for (const event of events) {
    if (event.type === "text.delta") {
      const last = out.at(-1) as { text?: string } | undefined;
      if (last?.text !== undefined) last.text += event.delta;
      else out.push({ text: event.delta });
    } else if (event.type === "retry") {
      out.push({
        retry: event.attempt,
        of: event.maxAttempts,
        discarded: event.discarded,
        code: event.error.code,
      });
    } else out.push({ [event.type]: event.type === "finish" ? event.finishReason : true });
  }
  return out;
}

const signal = () => new AbortController().signal;

describe.each(PROVIDERS)("$spec: provider faults", ({ spec, label }) => {
  it("retries an in-stream server error that arrives after text, discarding the partial answer", async () => {
    const { url, requests } = await start({
      faults: [{ type: "error-event", afterEvents: 6, message: "The server had an error" }],
    });
    const { events, error } = await run((await client(spec, url)).stream(REQUEST, signal()));
    expect(error).toBeUndefined();
    const result = summary(events);
    expect(result.slice(1)).toEqual([
      { retry: 1, of: 5, discarded: true, code: "model.stream_failed" },
      { text: ANSWER },
      { finish: "stop" },
    ]);
    expect((result[0] as { text: string }).text.length).toBeGreaterThan(0);
    const retry = events.find((event) => event.type === "retry");
    expect(retry?.type === "retry" && retry.error.message).toContain("The server had an error");
    expect(retry?.type === "retry" && retry.error.message).toContain("(attempt 1 of 5)");
    expect(requests).toHaveLength(2);
  });

  it("retries a rate limit sent in the stream, read from its code", async () => {
    const code = label === "Anthropic" ? "rate_limit_error" : "rate_limit_exceeded";
    const { url, requests } = await start({ faults: [{ type: "error-event", afterEvents: 6, code }] });
    const { events, error } = await run((await client(spec, url)).stream(REQUEST, signal()));
    expect(error).toBeUndefined();
    expect(summary(events).slice(-2)).toEqual([{ text: ANSWER }, { finish: "stop" }]);
    expect(requests).toHaveLength(2);
  });

  it("does not retry an in-stream error that says the request itself is wrong, nor blame the base URL", async () => {
    const code = label === "Anthropic" ? "invalid_request_error" : "invalid_prompt";
    const { url, requests } = await start({
      faults: [{ type: "error-event", afterEvents: 6, code, message: "Your prompt was flagged" }],
    });
    const { events, error } = await run((await client(spec, url)).stream(REQUEST, signal()));
    expect(events.some((event) => event.type === "retry")).toBe(false);
    expect(error).toBeInstanceOf(ModelStreamError);
    expect(error).toMatchObject({ code: "model.stream_failed", isRetryable: false });
    expect(
      (error as Error).message.startsWith(
        `The ${label} response stream failed: ${code}: Your prompt was flagged. The provider rejected the request`,
      ),
    ).toBe(true);
    expect((error as ModelStreamError).hint).not.toContain("base URL");
    expect(requests).toHaveLength(1);
  });

  it("retries a connection dropped after text was yielded, as a whole response", async () => {
    const { url, requests } = await start({ faults: [{ type: "drop", afterEvents: 6 }] });
    const { events, error } = await run((await client(spec, url)).stream(REQUEST, signal()));
    expect(error).toBeUndefined();
    expect(summary(events).slice(1)).toEqual([
      { retry: 1, of: 5, discarded: true, code: "model.stream_failed" },
      { text: ANSWER },
      { finish: "stop" },
    ]);
    expect(requests).toHaveLength(2);
  });

  it("aborts a stream that stalls mid-answer after the idle timeout, and retries it", async () => {
    const { url, requests } = await start({ faults: [{ type: "stall", afterEvents: 6 }] });
    const model = await client(spec, url, { idleTimeoutMs: 300 });
    const { events, error } = await run(model.stream(REQUEST, signal()));
    expect(error).toBeUndefined();
    expect(summary(events).slice(1)).toEqual([
      { retry: 1, of: 5, discarded: true, code: "model.stream_idle" },
      { text: ANSWER },
      { finish: "stop" },
    ]);
    const retry = events.find((event) => event.type === "retry");
    expect(retry?.type === "retry" && retry.error.message).toContain(
      `The ${label} API at ${url}/v1 sent nothing for 0.3 s (attempt 1 of 5). `,
    );
    expect(requests).toHaveLength(2);
  });

  it("counts bytes, not events: SSE keep-alive comments keep a silent stream from timing out", async () => {
    // 2 s without an event, but a comment every 100 ms: an event-level idle clock of 1.5 s would have fired.
    const { url, requests } = await start({
      faults: [{ type: "keepalive", afterEvents: 6, pings: 20, everyMs: 100 }],
    });
    const model = await client(spec, url, { idleTimeoutMs: 1_500 });
    const { events, error } = await run(model.stream(REQUEST, signal()));
    expect(error).toBeUndefined();
    expect(summary(events)).toEqual([{ text: ANSWER }, { finish: "stop" }]);
    expect(requests).toHaveLength(1);
  });

  it("times out a server that never answers, and gives up with the idle error when every attempt hangs", async () => {
    const { url, requests } = await start({ faults: [{ type: "hang" }, { type: "stall", afterEvents: 0 }] });
    const model = await client(spec, url, { idleTimeoutMs: 200, maxRetries: 1 });
    const { events, error } = await run(model.stream(REQUEST, signal()));
    expect(summary(events)).toEqual([{ retry: 1, of: 2, discarded: false, code: "model.stream_idle" }]);
    expect(error).toBeInstanceOf(ModelIdleTimeoutError);
    expect(error).toMatchObject({ code: "model.stream_idle", isRetryable: true, attempts: 2 });
    expect((error as Error).message).toContain(
      `The ${label} API at ${url}/v1 sent nothing for 0.2 s (attempt 2 of 2, every one failing the same way). `,
    );
    expect((error as Error).message).toContain("ART_MODEL_IDLE_TIMEOUT");
    expect(requests).toHaveLength(2);
  });

  it("draws every kind of failure from one budget with one counter", async () => {
    const faults: MockFault[] = [
      { type: "status", status: 429, headers: { "retry-after": "0" } },
      { type: "status", status: 500 },
      { type: "drop", afterEvents: 6 },
    ];
    const { url, requests } = await start({ faults });
    const { events, error } = await run(
      (await client(spec, url, { maxRetries: 2 })).stream(REQUEST, signal()),
    );
    const result = summary(events);
    expect(result.slice(0, 2)).toEqual([
      { retry: 1, of: 3, discarded: false, code: "model.request_failed" },
      { retry: 2, of: 3, discarded: false, code: "model.request_failed" },
    ]);
    expect(result.slice(3)).toEqual([]);
    expect(error).toBeInstanceOf(ModelStreamError);
    expect(error).toMatchObject({ isRetryable: true, attempts: 3 });
    expect((error as Error).message).toMatch(
      /^The .* response stream failed \(attempt 3 of 3; attempt 1: HTTP 429; attempt 2: HTTP 500\): the connection broke mid-response/,
    );
    expect(requests).toHaveLength(3);
  });

  it("says which status each attempt got when a 429 is followed by a 500", async () => {
    const faults: MockFault[] = [
      { type: "status", status: 429, headers: { "retry-after": "0" } },
      { type: "status", status: 500 },
    ];
    const { url } = await start({ faults });
    const { error } = await run((await client(spec, url, { maxRetries: 1 })).stream(REQUEST, signal()));
    expect(error).toBeInstanceOf(ModelRequestError);
    expect((error as Error).message).toContain("answered HTTP 500 (attempt 2 of 2; attempt 1: HTTP 429)");
  });
});

describe.each(PROVIDERS)("$spec: a refused connection", ({ spec, label }) => {
  it("makes exactly maxRetries + 1 attempts, counted once", async () => {
    const url = await refusedUrl();
    const { events, error } = await run(
      (await client(spec, url, { maxRetries: 2 })).stream(REQUEST, signal()),
    );
    expect(summary(events)).toEqual([
      { retry: 1, of: 3, discarded: false, code: "model.unreachable" },
      { retry: 2, of: 3, discarded: false, code: "model.unreachable" },
    ]);
    expect(error).toBeInstanceOf(ModelUnreachableError);
    expect(error).toMatchObject({ code: "model.unreachable", isRetryable: true, attempts: 3 });
    const message = (error as Error).message;
    expect(message).toMatch(
      new RegExp(
        `^Could not reach the ${label} API at ${url}/v1/\\S+ \\(attempt 3 of 3, every one failing the same way\\): connect ECONNREFUSED`,
      ),
    );
    expect((error as ModelUnreachableError).hint).toContain("base URL");
  });
});
