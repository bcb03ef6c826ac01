import { afterEach, describe, expect, it } from "vitest";
import {
  type MockFault,
  type MockLlmServer,
  type MockLlmServerOptions,
  startMockLlmServer,
} from "../../test/support/mock-llm-server/index.js";
import { AbortedError, type ConversationItem } from "../core/index.js";
import {
  createModelClient,
  type ModelClient,
  type ModelEvent,
  type ModelRequest,
  ModelRequestError,
} from "./index.js";

/** Each real provider, pointed at the mock server over HTTP. */
const PROVIDERS = [
  { spec: "openai:gpt-5", api: "openai-responses" },
  { spec: "anthropic:claude-sonnet-4-5", api: "anthropic-messages" },
  { spec: "openai-compatible:qwen2.5-coder:7b", api: "chat-completions" },
] as const;

const ENV = { OPENAI_API_KEY: "sk-test", ANTHROPIC_API_KEY: "sk-ant-test" };
const USAGE = { inputTokens: 120, outputTokens: 30, cachedInputTokens: 20, reasoningTokens: 4 };
const TOOLS: ModelRequest["tools"] = [
  {
    name: "read_file",
    description: "Reads a file.",
    inputSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
];

let server: MockLlmServer | undefined;
afterEach(async () => {
  await server?.close({ allowUnconsumed: true, allowProblems: true });
  server = undefined;
});

async function start(options: MockLlmServerOptions): Promise<MockLlmServer> {
  server = await startMockLlmServer({ usage: USAGE, ...options });
  return server;
}

function client(spec: string, url: string, options: { maxRetries?: number } = {}): Promise<ModelClient> {
  return createModelClient(spec, { baseUrl: `${url}/v1`, env: ENV, retryInitialDelayMs: 5, ...options });
}

function request(items: ConversationItem[] = [{ type: "user", text: "Fix the bug." }]): ModelRequest {
  return { system: "You are a coding agent.", items, tools: TOOLS };
}

async function collect(iterable: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

async function failure(
  iterable: AsyncIterable<ModelEvent>,
): Promise<{ error: unknown; events: ModelEvent[] }> {
  const events: ModelEvent[] = [];
  try {
    for await (const event of iterable) events.push(event);
  } catch (error) {
    return { error, events };
  }
  throw new Error(`expected the stream to fail, got ${JSON.stringify(events)}`);
}

const signal = () => new AbortController().signal;
const finish = (finishReason: string) => ({ type: "finish", finishReason, usage: USAGE });

describe.each(PROVIDERS)("$spec against the mock server", ({ spec, api }) => {
  it("streams text in several deltas and reports usage", async () => {
    const { url, requests } = await start({ responses: [{ text: "The bug is in add(): it subtracts." }] });
    const events = await collect((await client(spec, url)).stream(request(), signal()));
    const deltas = events.filter((event) => event.type === "text.delta");
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((event) => event.delta).join("")).toBe("The bug is in add(): it subtracts.");
    expect(events.at(-1)).toEqual(finish("stop"));
    expect(requests.map((recorded) => [recorded.api, recorded.responseIndex])).toEqual([[api, 0]]);
    await server?.close();
    server = undefined;
  });

  it("yields complete tool calls whose arguments arrived split across deltas", async () => {
    const args = { path: "src/calculator.ts", offset: 10, note: "ünïcode ✓" };
    const { url } = await start({
      responses: [
        {
          text: "Let me look.",
          toolCalls: [
            { name: "read_file", arguments: args },
            { name: "shell", arguments: { command: "npm test" } },
          ],
        },
      ],
      argumentsChunkSize: 3,
    });
    const events = await collect((await client(spec, url)).stream(request(), signal()));
    expect(events.filter((event) => event.type !== "text.delta")).toEqual([
      { type: "tool.call", callId: "call_0_0", name: "read_file", arguments: JSON.stringify(args) },
      { type: "tool.call", callId: "call_0_1", name: "shell", arguments: '{"command":"npm test"}' },
      finish("tool-calls"),
    ]);
  });

  it("streams reasoning as reasoning deltas", async () => {
    const { url } = await start({ responses: [{ reasoning: "The test expects 4.", text: "Found it." }] });
    const events = await collect((await client(spec, url)).stream(request(), signal()));
    const reasoning = events.filter((event) => event.type === "reasoning.delta").map((event) => event.delta);
    expect(reasoning.join("")).toBe("The test expects 4.");
    expect(events.findIndex((event) => event.type === "reasoning.delta")).toBeLessThan(
      events.findIndex((event) => event.type === "text.delta"),
    );
  });

  it("sends tool results paired with their calls and answers the next response", async () => {
    const { url, requests } = await start({
      responses: [
        { toolCalls: [{ name: "read_file", arguments: { path: "a.ts" } }] },
        { text: "All green." },
      ],
    });
    const items: ConversationItem[] = [
      { type: "user", text: "Fix the bug." },
      { type: "assistant", text: "Reading." },
      { type: "tool_call", callId: "call_0_0", name: "read_file", arguments: { path: "a.ts" } },
      {
        type: "tool_result",
        callId: "call_0_0",
        name: "read_file",
        output: "export const x = 1;",
        isError: false,
      },
    ];
    const events = await collect((await client(spec, url)).stream(request(items), signal()));
    expect(events.filter((event) => event.type === "text.delta").map((event) => event.delta)).toEqual([
      "All ",
      "green.",
    ]);
    expect(requests[0]?.responseIndex).toBe(1);
    const body = JSON.stringify(requests[0]?.body);
    expect(body).toContain("export const x = 1;");
    expect(body).toContain("call_0_0");
  });

  it("retries 429 and 500 before anything was yielded, honouring retry-after", async () => {
    const faults: MockFault[] = [
      { type: "status", status: 429, headers: { "retry-after": "0.05" } },
      { type: "status", status: 500 },
    ];
    const { url, requests } = await start({ responses: [{ text: "Recovered." }], faults });
    const events = await collect((await client(spec, url)).stream(request(), signal()));
    const retries = events.filter((event) => event.type === "retry");
    expect(retries).toMatchObject([
      {
        type: "retry",
        attempt: 1,
        maxAttempts: 5,
        delayMs: 50,
        discarded: false,
        error: { code: "model.request_failed" },
      },
      {
        type: "retry",
        attempt: 2,
        maxAttempts: 5,
        discarded: false,
        error: { code: "model.request_failed" },
      },
    ]);
    expect(retries[0]?.type === "retry" && retries[0].error.message).toContain("HTTP 429");
    expect(events.slice(0, 2).map((event) => event.type)).toEqual(["retry", "retry"]);
    expect(events.at(-1)?.type).toBe("finish");
    expect(requests).toHaveLength(3);
    await server?.close();
    server = undefined;
  });

  it("retries a connection dropped before the first event", async () => {
    const { url, requests } = await start({
      responses: [{ text: "Second time lucky." }],
      faults: [{ type: "drop", afterEvents: 1 }],
    });
    const events = await collect((await client(spec, url)).stream(request(), signal()));
    expect(events[0]).toMatchObject({ type: "retry", attempt: 1, error: { code: "model.stream_failed" } });
    expect(events[0]?.type === "retry" && events[0].error.message).toContain("mid-response");
    expect(events.at(-1)?.type).toBe("finish");
    expect(requests).toHaveLength(2);
  });

  it("retries an in-stream server error sent before any output", async () => {
    const { url, requests } = await start({
      responses: [{ text: "Back again." }],
      faults: [{ type: "error-event", afterEvents: 1, message: "Overloaded, try later" }],
    });
    const events = await collect((await client(spec, url)).stream(request(), signal()));
    expect(events[0]).toMatchObject({ type: "retry", attempt: 1 });
    expect(events[0]?.type === "retry" && events[0].error.message).toContain("Overloaded, try later");
    expect(
      events
        .filter((event) => event.type === "text.delta")
        .map((event) => event.delta)
        .join(""),
    ).toBe("Back again.");
    expect(requests).toHaveLength(2);
  });

  it("gives up after maxRetries with a retryable typed error", async () => {
    const faults: MockFault[] = [
      { type: "status", status: 503 },
      { type: "status", status: 503 },
      { type: "status", status: 503 },
    ];
    const { url, requests } = await start({ responses: [{ text: "never" }], faults });
    const { error, events } = await failure(
      (await client(spec, url, { maxRetries: 2 })).stream(request(), signal()),
    );
    expect(events.map((event) => event.type)).toEqual(["retry", "retry"]);
    expect(error).toBeInstanceOf(ModelRequestError);
    expect(error).toMatchObject({ code: "model.request_failed", status: 503, isRetryable: true });
    expect((error as Error).message).toContain(
      "answered HTTP 503 (attempt 3 of 3, every one failing the same way)",
    );
    expect(requests).toHaveLength(3);
  });

  it("does not retry a 400 and says what the provider said", async () => {
    const { url, requests } = await start({
      responses: [{ text: "never" }],
      faults: [{ type: "status", status: 400, message: "tools[0].name is invalid" }],
    });
    const { error, events } = await failure((await client(spec, url)).stream(request(), signal()));
    expect(events).toEqual([]);
    expect(error).toMatchObject({ code: "model.request_failed", status: 400, isRetryable: false });
    expect((error as Error).message).toContain("tools[0].name is invalid");
    expect(requests).toHaveLength(1);
  });

  it("stops at once when aborted mid-stream", async () => {
    const { url } = await start({
      responses: [{ text: "one two three four five six seven eight" }],
      faults: [{ type: "stall", afterEvents: 6 }],
    });
    const controller = new AbortController();
    const events: ModelEvent[] = [];
    // The stall never ends: only the abort can end this run before the test's own timeout.
    const run = (async () => {
      for await (const event of (await client(spec, url)).stream(request(), controller.signal)) {
        events.push(event);
        if (event.type === "text.delta") controller.abort();
      }
    })();
    await expect(run).rejects.toBeInstanceOf(AbortedError);
    expect(events.filter((event) => event.type === "text.delta")).toHaveLength(1);
  });

  it("stops at once when aborted while waiting to retry", async () => {
    const { url } = await start({
      responses: [{ text: "never" }],
      // The longest wait the client takes (its 30 s cap), as long as the test's timeout: a sleep the abort does not
      // cut short fails the test.
      faults: [{ type: "status", status: 429, headers: { "retry-after": "30" } }],
    });
    const controller = new AbortController();
    const run = (async () => {
      for await (const event of (await client(spec, url)).stream(request(), controller.signal)) {
        if (event.type === "retry") {
          expect(event.delayMs).toBe(30_000);
          controller.abort();
        }
      }
    })();
    await expect(run).rejects.toBeInstanceOf(AbortedError);
  });
});

describe("the mock server", () => {
  it("fails loudly on requests past the script and on unconsumed responses", async () => {
    const mock = await startMockLlmServer({ responses: [{ text: "only one" }, { text: "never asked" }] });
    const model = await client("openai:gpt-5", mock.url, { maxRetries: 0 });
    const items: ConversationItem[] = [
      { type: "user", text: "a" },
      { type: "assistant", text: "b" },
      { type: "user", text: "c" },
      { type: "assistant", text: "d" },
      { type: "user", text: "e" },
    ];
    const { error } = await failure(model.stream(request(items), signal()));
    expect((error as Error).message).toContain("asks for response #3, but the script has 2");
    await expect(mock.close()).rejects.toThrow(
      /asks for response #3[\s\S]*never streamed to completion: #1, #2/,
    );
  });
});
