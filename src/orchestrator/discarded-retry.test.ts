import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import type { AgentEvent, ConversationItem } from "../core/index.js";
import type { ModelClient, ModelEvent } from "../model/index.js";
import { MemoryJournal } from "../store/index.js";
import { Agent } from "./agent.js";

const FINISH: ModelEvent = {
  type: "finish",
  finishReason: "stop",
  usage: { inputTokens: 0, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0 },
};

/** The events a client yields when an attempt broke mid-answer and it streamed the whole response again. */
function restarted(first: ModelEvent[], second: ModelEvent[]): ModelEvent[] {
  return [
    ...first,
    {
      type: "retry",
      attempt: 1,
      maxAttempts: 5,
      delayMs: 0,
      discarded: true,
      error: { code: "model.stream_failed", message: "The response stream failed (attempt 1 of 5): reset." },
    },
    ...second,
  ];
}

/** A model whose first answer (a tool call plus text) is cut off and restarted; later answers are plain. */
function flakyModel(): ModelClient {
  return {
    spec: "test:flaky",
    // Compaction at 2,000 tokens: more than the first prompt (tool definitions included, search_code, remember and
    // recall too), less than the second (read_file cuts big.txt's one line to 2,000 characters: ~500 tokens more).
    contextWindow: 4000,
    async *stream(request) {
      const last = request.items.at(-1) as ConversationItem;
      if (last.type === "user" && last.text.startsWith("Summarise this conversation")) {
        yield* restarted(
          [{ type: "text.delta", delta: "HALF A SUMM" }],
          [{ type: "text.delta", delta: "SUMMARY: big.txt is all x." }, FINISH],
        );
      } else if (request.items.some((item) => item.type === "summary")) {
        yield* restarted(
          [
            { type: "text.delta", delta: "Partial " },
            { type: "tool.call", callId: "lost", name: "read_file", arguments: '{"path":"big.txt"}' },
          ],
          [{ type: "text.delta", delta: "Done from the summary." }, FINISH],
        );
      } else {
        yield { type: "tool.call", callId: "c1", name: "read_file", arguments: '{"path":"big.txt"}' };
        yield FINISH;
      }
    },
  };
}

describe("a retry that discards a partial answer", () => {
  it("restarts the step and the compaction summary: nothing of the broken attempt survives", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "big.txt": "x".repeat(10_000) });
    const agent = await Agent.create({
      model: flakyModel(),
      journal: new MemoryJournal(),
      artHome: tempDir(),
      sandbox: "full-access",
      checkpoints: false,
      compactAt: 0.5,
    });
    const run = agent.start("read big.txt", { cwd });
    const events: AgentEvent[] = [];
    for await (const { event } of run.events()) events.push(event);
    const result = await run.result;
    expect(result).toMatchObject({ status: "completed", finalMessage: "Done from the summary." });
    expect(events.find((event) => event.type === "context.compacted")).toMatchObject({
      summary: "SUMMARY: big.txt is all x.",
    });
    // The lost call was never journaled nor run; the last step started twice and completed once, with the new text.
    expect(events.filter((event) => event.type === "tool.call").map((event) => event.callId)).toEqual(["c1"]);
    const lastSteps = events.slice(events.findIndex((event) => event.type === "context.compacted"));
    expect(
      lastSteps
        .filter((event) => ["step.started", "error", "step.completed"].includes(event.type))
        .map((event) => (event.type === "step.completed" ? `${event.type}: ${event.text}` : event.type)),
    ).toEqual(["step.started", "error", "step.started", "step.completed: Done from the summary."]);
    await agent.close();
  });
});
