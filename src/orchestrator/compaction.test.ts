import { describe, expect, it } from "vitest";
import { type MockResponse, startMockLlmServer } from "../../test/support/mock-llm-server/index.js";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import type { AgentEvent, ConversationItem } from "../core/index.js";
import type { ModelClient, ModelEvent, ModelRequest } from "../model/index.js";
import { createModelClient } from "../model/index.js";
import { MemoryJournal } from "../store/index.js";
import { Agent } from "./agent.js";
import { turnScriptModel } from "./testing/turn-script-model.js";

// The runtime's fixed prompt (system prompt and tool definitions) is about 1,500 tokens; these windows put it near
// 25-30% of the window, as the report had it.
const WINDOW_A = 7000;
const WINDOW_B = 6000;
/** Lines of 100 characters in big.txt: about 2,500 tokens, enough to carry the prompt over 60% of WINDOW_B. */
const BIG_LINES = 100;

/** A model that reads a big file, then must work from a summary once the runtime compacts. */
function compactingModel(seen: ModelRequest[]): ModelClient {
  const finish: ModelEvent = {
    type: "finish",
    finishReason: "stop",
    usage: { inputTokens: 0, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0 },
  };
  return {
    spec: "test:compacting",
    // Compaction at 2,000 tokens: more than the first prompt (tool definitions included, about 1,480), less than
    // the second, which holds big.txt (about 2,600 tokens more).
    contextWindow: 4000,
    async *stream(request) {
      seen.push(structuredClone(request));
      const last = request.items.at(-1) as ConversationItem;
      if (last.type === "user" && last.text.startsWith("Summarise this conversation")) {
        yield { type: "text.delta", delta: "SUMMARY: big.txt holds 10k x characters." };
      } else if (request.items.some((item) => item.type === "summary")) {
        yield { type: "text.delta", delta: "Done from the summary." };
      } else {
        yield { type: "tool.call", callId: "c1", name: "read_file", arguments: '{"path":"big.txt"}' };
      }
      yield finish;
    },
  };
}

describe("context compaction", () => {
  it("summarises through the model near the window, journals it, and keeps the user's messages", async () => {
    const cwd = tempDir();
    // 100 lines of 100 x's: read_file returns all of it (it cuts single lines at 2,000 characters).
    writeTree(cwd, { "big.txt": `${"x".repeat(99)}\n`.repeat(100) });
    const seen: ModelRequest[] = [];
    const agent = await Agent.create({
      model: compactingModel(seen),
      journal: new MemoryJournal(),
      artHome: tempDir(),
      sandbox: "full-access",
      checkpoints: false,
      compactAt: 0.5,
    });
    const run = agent.start("read big.txt and tell me about it", { cwd });
    const events: AgentEvent[] = [];
    for await (const { event } of run.events()) events.push(event);
    expect((await run.result).finalMessage).toBe("Done from the summary.");
    const compacted = events.find((event) => event.type === "context.compacted");
    expect(compacted).toMatchObject({ summary: "SUMMARY: big.txt holds 10k x characters." });
    expect(compacted && "tokensBefore" in compacted && compacted.tokensBefore).toBeGreaterThan(2000);
    const after = seen.at(-1)!;
    expect(after.items).toEqual([
      { type: "user", text: "read big.txt and tell me about it" },
      { type: "summary", text: "SUMMARY: big.txt holds 10k x characters." },
    ]);
  });
});

/** The stored events of a session, read back from the journal. */
async function stored(agent: Agent, sessionId: string): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const item of agent.events(sessionId)) events.push(item.event);
  return events;
}

/** What the journal says the model was asked: sampling steps and compactions, and how the turns ended. */
function modelCalls(events: AgentEvent[]) {
  return {
    steps: events.filter((event) => event.type === "step.completed").length,
    compactions: events.filter((event) => event.type === "context.compacted").length,
  };
}

function stepInputs(events: AgentEvent[]): number[] {
  return events.flatMap((event) => (event.type === "step.completed" ? [event.usage.inputTokens] : []));
}

const readSmall = { toolCalls: [{ name: "read_file", arguments: { path: "small.txt" } }] };

async function agentOn(model: ModelClient, extra: Partial<Parameters<typeof Agent.create>[0]> = {}) {
  return Agent.create({
    model,
    journal: new MemoryJournal(),
    artHome: tempDir("art-home-"),
    sandbox: "full-access",
    checkpoints: false,
    // Bounds the old behaviour (a compaction before every step) so a regression fails instead of running long.
    maxSteps: 20,
    ...extra,
  });
}

describe("compaction across the steps of a turn", () => {
  it("a 9-step turn whose prompt stays near 30% of the window compacts zero times (real wire, real usage)", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "small.txt": "a small file\n" });
    const responses: MockResponse[] = [
      ...Array.from({ length: 8 }, () => readSmall),
      { text: "Read it eight times." },
    ];
    // The server reports the prompt's real size (its request body at four characters a token).
    const server = await startMockLlmServer({ responses });
    try {
      const model = await createModelClient("openai:gpt-5", {
        baseUrl: `${server.url}/v1`,
        env: { OPENAI_API_KEY: "test" },
        contextWindow: WINDOW_A,
        maxRetries: 0,
      });
      const agent = await agentOn(model);
      const result = await agent.start("read small.txt eight times", { cwd }).result;
      expect(result).toMatchObject({ status: "completed", finalMessage: "Read it eight times." });
      const events = await stored(agent, result.sessionId);
      // The premise: every step's prompt, as the provider reported it, is 25-40% of the window.
      const inputs = stepInputs(events);
      expect(inputs).toHaveLength(9);
      for (const tokens of inputs) {
        expect(tokens).toBeGreaterThan(0.25 * WINDOW_A);
        expect(tokens).toBeLessThan(0.4 * WINDOW_A);
      }
      expect(modelCalls(events)).toEqual({ steps: 9, compactions: 0 });
      expect(server.requests).toHaveLength(9);
    } finally {
      await server.close({ allowUnconsumed: true });
    }
  });

  it("compacts once where the prompt crosses the threshold, then goes on below it without compacting again", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "small.txt": "a small file\n", "big.txt": `${"x".repeat(99)}\n`.repeat(BIG_LINES) });
    const model = turnScriptModel({
      contextWindow: WINDOW_B,
      steps: [
        readSmall,
        { toolCalls: [{ name: "read_file", arguments: { path: "big.txt" } }] },
        readSmall,
        readSmall,
        readSmall,
        { text: "Done after one compaction." },
      ],
      summaries: ["SUMMARY: big.txt is 100-character lines of x; small.txt was read."],
    });
    const agent = await agentOn(model, { compactAt: 0.6 });
    const result = await agent.start("read the files", { cwd }).result;
    expect(result).toMatchObject({ status: "completed", finalMessage: "Done after one compaction." });
    model.assertConsumed();
    const events = await stored(agent, result.sessionId);
    expect(modelCalls(events)).toEqual({ steps: 6, compactions: 1 });
    expect(model.calls.map((call) => call.kind)).toEqual([
      "step",
      "step",
      "compaction",
      "step",
      "step",
      "step",
      "step",
    ]);
    // It happened at the crossing: right after big.txt's result, before the third step.
    const kinds = events.map((event) => event.type);
    const compactedAt = kinds.indexOf("context.compacted");
    expect(kinds[compactedAt - 1]).toBe("tool.result");
    expect(events[compactedAt - 1]).toMatchObject({ callId: "call_1_0" });
    const limit = Math.floor(WINDOW_B * 0.6);
    const compacted = events[compactedAt] as Extract<AgentEvent, { type: "context.compacted" }>;
    expect(compacted.tokensBefore).toBeGreaterThan(limit);
    // Every prompt sent, before and after, stayed under the threshold.
    for (const tokens of stepInputs(events)) expect(tokens).toBeLessThan(limit);
  });

  it("fails with a typed error after two compactions that leave no room, instead of compacting forever", async () => {
    const cwd = tempDir();
    const model = turnScriptModel({
      contextWindow: WINDOW_B,
      steps: [],
      summaries: ["SUMMARY: the user pasted a huge log.", "SUMMARY: a huge log."],
    });
    const agent = await agentOn(model, { compactAt: 0.6 });
    // Compaction keeps the user's messages verbatim, so this one alone stays over the threshold.
    const huge = `look at this log:\n${"error: disk full\n".repeat(700)}`;
    const result = await agent.start(huge, { cwd }).result;
    model.assertConsumed();
    expect(result.status).toBe("failed");
    expect(result.error).toMatchObject({ code: "context.too_large" });
    const events = await stored(agent, result.sessionId);
    expect(modelCalls(events)).toEqual({ steps: 0, compactions: 2 });
    expect(events.find((event) => event.type === "turn.failed")).toMatchObject({
      error: { code: "context.too_large" },
    });
  });

  it("fails after two compactions when the provider keeps reporting a prompt over the threshold", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "small.txt": "a small file\n" });
    // A provider that counts every prompt at 90% of the window (a tokenizer far off our estimate).
    const model = turnScriptModel({
      contextWindow: WINDOW_B,
      inputTokens: () => Math.floor(WINDOW_B * 0.9),
      steps: [readSmall, readSmall, readSmall],
      summaries: ["SUMMARY: small.txt was read.", "SUMMARY: small.txt was read twice."],
    });
    const agent = await agentOn(model, { compactAt: 0.6 });
    const result = await agent.start("read small.txt", { cwd }).result;
    model.assertConsumed();
    expect(result.error).toMatchObject({ code: "context.too_large" });
    const events = await stored(agent, result.sessionId);
    expect(modelCalls(events)).toEqual({ steps: 3, compactions: 2 });
    expect(model.calls.map((call) => call.kind)).toEqual([
      "step",
      "compaction",
      "step",
      "compaction",
      "step",
    ]);
  });

  it("a turn cut off right after its compaction resumes from the summary without compacting again", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "small.txt": "a small file\n", "big.txt": `${"x".repeat(99)}\n`.repeat(BIG_LINES) });
    const journal = new MemoryJournal();
    const first = turnScriptModel({
      contextWindow: WINDOW_B,
      steps: [
        { toolCalls: [{ name: "read_file", arguments: { path: "big.txt" } }] },
        { fail: "connection lost after the compaction" },
      ],
      summaries: ["SUMMARY: big.txt is 100-character lines of x."],
    });
    const cut = await (await agentOn(first, { compactAt: 0.6, journal })).start("read big.txt", { cwd })
      .result;
    first.assertConsumed();
    expect(cut.status).toBe("failed");
    // A new agent over the same journal, as after a restart: it reads the summary from the journal.
    const second = turnScriptModel({ contextWindow: WINDOW_B, steps: [readSmall, { text: "Done." }] });
    const agent = await agentOn(second, { compactAt: 0.6, journal });
    const resumed = await agent.resume(cut.sessionId).result;
    second.assertConsumed();
    expect(resumed).toMatchObject({ status: "completed", finalMessage: "Done." });
    const events = await stored(agent, cut.sessionId);
    expect(modelCalls(events)).toEqual({ steps: 3, compactions: 1 });
  });

  it("never journals an empty summary: the history stays, and the bounded attempts still end the turn", async () => {
    const cwd = tempDir();
    const model = turnScriptModel({ contextWindow: WINDOW_B, steps: [], summaries: ["", "  \n"] });
    const agent = await agentOn(model, { compactAt: 0.6 });
    const result = await agent.start(`look at this log:\n${"error: disk full\n".repeat(700)}`, { cwd })
      .result;
    model.assertConsumed();
    expect(result.error).toMatchObject({ code: "context.too_large" });
    expect(modelCalls(await stored(agent, result.sessionId))).toEqual({ steps: 0, compactions: 0 });
  });
});
