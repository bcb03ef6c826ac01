import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { AbortedError, type ConversationItem } from "../core/index.js";
import {
  countAssistantResponses,
  createModelClient,
  type ModelEvent,
  type ModelRequest,
  ScriptExhaustedError,
  ScriptFileError,
  scriptedModelFromResponses,
} from "./index.js";

const dir = mkdtempSync(path.join(tmpdir(), "art-scripted-"));
function scriptFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function request(items: ConversationItem[]): ModelRequest {
  return { system: "sys", items, tools: [] };
}

async function collect(iterable: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

const signal = () => new AbortController().signal;
const user = (text: string): ConversationItem => ({ type: "user", text });

describe("countAssistantResponses", () => {
  it("counts each run of assistant, reasoning and tool-call items once", () => {
    const items: ConversationItem[] = [
      user("go"),
      { type: "reasoning", text: "hm" },
      { type: "assistant", text: "looking" },
      { type: "tool_call", callId: "a", name: "read_file", arguments: {} },
      { type: "tool_call", callId: "b", name: "read_file", arguments: {} },
      { type: "tool_result", callId: "a", name: "read_file", output: "", isError: false },
      { type: "tool_result", callId: "b", name: "read_file", output: "", isError: false },
      { type: "tool_call", callId: "c", name: "shell", arguments: {} },
      { type: "tool_result", callId: "c", name: "shell", output: "", isError: false },
      { type: "assistant", text: "done" },
      user("more"),
      { type: "assistant", text: "ok" },
    ];
    expect(countAssistantResponses(items)).toBe(4);
    expect(countAssistantResponses([])).toBe(0);
    expect(countAssistantResponses([user("a"), { type: "summary", text: "s" }, user("b")])).toBe(0);
  });
});

describe("scriptedModelFromResponses", () => {
  const model = scriptedModelFromResponses([
    { text: "I will read the file.", toolCalls: [{ name: "read_file", arguments: { path: "a.ts" } }] },
    {
      toolCalls: [
        { name: "shell", arguments: { command: "npm test" } },
        { name: "list_dir", arguments: {} },
      ],
    },
    { text: "Fixed." },
  ]);

  it("answers with the response indexed by the assistant responses so far, in word-sized deltas", async () => {
    const events = await collect(model.stream(request([user("fix it")]), signal()));
    expect(events).toEqual([
      { type: "text.delta", delta: "I " },
      { type: "text.delta", delta: "will " },
      { type: "text.delta", delta: "read " },
      { type: "text.delta", delta: "the " },
      { type: "text.delta", delta: "file." },
      { type: "tool.call", callId: "call_0_0", name: "read_file", arguments: '{"path":"a.ts"}' },
      {
        type: "finish",
        finishReason: "tool-calls",
        usage: { inputTokens: 3, outputTokens: 12, cachedInputTokens: 0, reasoningTokens: 0 },
      },
    ]);
  });

  it("replays deterministically from the conversation, as resume and fork need", async () => {
    const items: ConversationItem[] = [
      user("fix it"),
      { type: "assistant", text: "I will read the file." },
      { type: "tool_call", callId: "call_0_0", name: "read_file", arguments: { path: "a.ts" } },
      { type: "tool_result", callId: "call_0_0", name: "read_file", output: "x", isError: false },
    ];
    const first = await collect(model.stream(request(items), signal()));
    const again = await collect(model.stream(request(items), signal()));
    expect(again).toEqual(first);
    expect(first.filter((event) => event.type === "tool.call")).toEqual([
      { type: "tool.call", callId: "call_1_0", name: "shell", arguments: '{"command":"npm test"}' },
      { type: "tool.call", callId: "call_1_1", name: "list_dir", arguments: "{}" },
    ]);
    expect(first.at(-1)).toMatchObject({ type: "finish", finishReason: "tool-calls" });
  });

  it("fails clearly when the script runs out", async () => {
    const items: ConversationItem[] = [user("a"), { type: "assistant", text: "1" }, user("b")];
    const short = scriptedModelFromResponses([{ text: "only" }], { source: "demo.json" });
    const error = await collect(short.stream(request(items), signal())).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScriptExhaustedError);
    expect(error).toMatchObject({ code: "model.script_exhausted", index: 1, isRetryable: false });
    expect((error as Error).message).toContain(
      "(demo.json) has 1 response but the conversation asks for response #2",
    );
  });

  it("cuts text into deltas of a fixed size for benchmarks, without timers", async () => {
    const text = "x".repeat(100_000);
    const fast = scriptedModelFromResponses([{ text }], { deltaSize: 1 });
    const timers = vi.spyOn(globalThis, "setTimeout");
    let deltas = 0;
    let joined = 0;
    for await (const event of fast.stream(request([user("go")]), signal())) {
      if (event.type === "text.delta") {
        deltas++;
        joined += event.delta.length;
      }
    }
    expect(deltas).toBe(100_000);
    expect(joined).toBe(100_000);
    expect(timers).not.toHaveBeenCalled();
    timers.mockRestore();
    const pieces = await collect(
      scriptedModelFromResponses([{ text: "abcdefg" }], { deltaSize: 3 }).stream(request([]), signal()),
    );
    expect(pieces.filter((event) => event.type === "text.delta").map((event) => event.delta)).toEqual([
      "abc",
      "def",
      "g",
    ]);
  });

  it("stops with AbortedError when aborted mid-stream", async () => {
    const controller = new AbortController();
    const seen: ModelEvent[] = [];
    const run = (async () => {
      for await (const event of model.stream(request([user("go")]), controller.signal)) {
        seen.push(event);
        controller.abort();
      }
    })();
    await expect(run).rejects.toBeInstanceOf(AbortedError);
    expect(seen).toHaveLength(1);
  });

  it("rejects malformed responses and delta sizes", () => {
    expect(() => scriptedModelFromResponses([{ toolCalls: [{ name: "", arguments: {} }] }])).toThrow(
      /malformed/,
    );
    expect(() => scriptedModelFromResponses([], { deltaSize: 0 })).toThrow(/deltaSize/);
  });
});

describe("scripted:<file>", () => {
  it("loads a script file and reports the spec", async () => {
    const file = scriptFile("ok.json", JSON.stringify({ responses: [{ text: "Hello world" }] }));
    const model = await createModelClient(`scripted:${file}`);
    expect(model.spec).toBe(`scripted:${file}`);
    const events = await collect(model.stream(request([user("hi")]), signal()));
    expect(events.map((event) => event.type)).toEqual(["text.delta", "text.delta", "finish"]);
  });

  it.each([
    ["a missing file", undefined, "the file does not exist"],
    ["invalid JSON", "{ responses: [", "it is not valid JSON"],
    ["a wrong shape", JSON.stringify({ responses: [{ text: 3 }] }), "responses.0.text: Invalid input"],
    ["an unknown key", JSON.stringify({ responses: [{ toolcalls: [] }] }), 'Unrecognized key: "toolcalls"'],
    [
      "arguments that are not an object",
      JSON.stringify({ responses: [{ toolCalls: [{ name: "x", arguments: [] }] }] }),
      "responses.0.toolCalls.0.arguments",
    ],
  ])("names the file and the problem for %s", async (_, content, problem) => {
    const name = `bad-${Math.random().toString(36).slice(2)}.json`;
    const file = content === undefined ? path.join(dir, name) : scriptFile(name, content);
    const error = await createModelClient(`scripted:${file}`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScriptFileError);
    expect(error).toMatchObject({ code: "model.script_invalid", file });
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(problem);
  });
});
