import { describe, expect, it } from "vitest";
import { createModelClient } from "../../../src/model/index.js";
import { startMockLlmServer } from "./index.js";

const responses = [
  {
    text: "Looking at the layout of the repository now.",
    toolCalls: [{ name: "lookup", arguments: { k: 1 } }],
  },
];

async function streamed(latency?: { firstTokenMs: number; tokensPerSecond: number; tickMs?: number }) {
  const server = await startMockLlmServer({ responses, ...(latency ? { latency } : {}) });
  const client = await createModelClient("openai:gpt-5", {
    baseUrl: `${server.url}/v1`,
    env: { OPENAI_API_KEY: "sk-test" },
  });
  const events: unknown[] = [];
  const request = { system: "s", items: [{ type: "user" as const, text: "go" }], tools: [] };
  for await (const event of client.stream(request, new AbortController().signal)) events.push(event);
  const [recorded] = server.requests;
  await server.close();
  return { events, recorded };
}

describe("mock LLM server latency", () => {
  it("paces a response without changing it, and records when its stream ended", async () => {
    const plain = await streamed();
    // Frames spread over ticks smaller than their spacing, so they go out in several writes.
    const paced = await streamed({ firstTokenMs: 20, tokensPerSecond: 400, tickMs: 5 });
    expect(paced.events).toEqual(plain.events);
    expect(paced.events.some((event) => (event as { type: string }).type === "tool.call")).toBe(true);
    expect(paced.recorded?.endedAt).toBeGreaterThanOrEqual(paced.recorded!.receivedAt);
    expect(plain.recorded?.endedAt).toBeDefined();
  });
});
