import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import type { AgentEvent, ConversationItem } from "../core/index.js";
import type { ModelClient, ModelEvent, ModelRequest } from "../model/model-client.js";
import { MemoryJournal } from "../store/index.js";
import { Agent } from "./agent.js";

/** A model that reads a big file, then must work from a summary once the runtime compacts. */
function compactingModel(seen: ModelRequest[]): ModelClient {
  const finish: ModelEvent = {
    type: "finish",
    finishReason: "stop",
    usage: { inputTokens: 0, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0 },
  };
  return {
    spec: "test:compacting",
    contextWindow: 1000,
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
    writeTree(cwd, { "big.txt": "x".repeat(10_000) });
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
    expect(compacted && "tokensBefore" in compacted && compacted.tokensBefore).toBeGreaterThan(500);
    const after = seen.at(-1)!;
    expect(after.items).toEqual([
      { type: "user", text: "read big.txt and tell me about it" },
      { type: "summary", text: "SUMMARY: big.txt holds 10k x characters." },
    ]);
  });
});
