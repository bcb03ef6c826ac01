import { afterEach, describe, expect, it } from "vitest";
import { type MockLlmServer, startMockLlmServer } from "../../test/support/mock-llm-server/index.js";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { AgentEvent } from "../core/index.js";
import { type AgentDefinitionInput, defineAgent, Runtime } from "../runtime/index.js";
import { MemoryJournal } from "../store/index.js";

let server: MockLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function openRuntime(journal = new MemoryJournal()) {
  return Runtime.open({
    journal,
    artHome: tempDir("art-home-"),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("art-user-") },
  });
}

async function journalOf(runtime: Runtime, sessionId: string): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const { event } of runtime.subscribe(sessionId)) events.push(event);
  return events;
}

/** Two agents on the mock server's chat completions API, told apart by their model names. */
function pair(url: string, a: Partial<AgentDefinitionInput> = {}, b: Partial<AgentDefinitionInput> = {}) {
  const common = { sandbox: "full-access", checkpoints: false, baseUrl: `${url}/v1` } as const;
  const coder = defineAgent({
    name: "coder",
    description: "Writes code.",
    model: "openai-compatible:model-coder",
    instructions: "You are the coder.",
    tools: { builtins: ["list_dir"] },
    handoffs: ["reviewer"],
    ...common,
    ...a,
  });
  const reviewer = defineAgent({
    name: "reviewer",
    description: "Reviews code changes.",
    model: "openai-compatible:model-reviewer",
    instructions: "You are the reviewer.",
    tools: { builtins: ["read_file", "grep"] },
    ...common,
    ...b,
  });
  return { coder, reviewer };
}

interface ChatBody {
  model: string;
  messages: { role: string; content: unknown }[];
  tools?: { function: { name: string; description: string } }[];
}

const bodyOf = (index: number) => server!.requests[index]!.body as ChatBody;
const systemOf = (body: ChatBody) =>
  String(body.messages.find((message) => message.role === "system")?.content);
const toolsOf = (body: ChatBody) => body.tools?.map((tool) => tool.function.name) ?? [];

describe("handoffs", () => {
  it("hands the session from coder to reviewer: the next request uses the reviewer's model, prompt and tools", async () => {
    server = await startMockLlmServer({
      responses: [
        { toolCalls: [{ name: "transfer_to_reviewer", arguments: { reason: "ready for review" } }] },
        { text: "Reviewed: fine." },
      ],
    });
    const { coder, reviewer } = pair(server.url);
    const runtime = await openRuntime();
    const run = runtime.run(coder, "fix and review", { cwd: tempDir(), agents: [reviewer] });
    expect(await run.result).toMatchObject({ status: "completed", finalMessage: "Reviewed: fine." });

    const first = bodyOf(0);
    expect(first.model).toBe("model-coder");
    expect(systemOf(first)).toContain("You are the coder.");
    expect(toolsOf(first)).toEqual(["list_dir", "transfer_to_reviewer"]);
    const transfer = first.tools!.find((tool) => tool.function.name === "transfer_to_reviewer")!;
    expect(transfer.function.description).toContain("Reviews code changes.");

    const second = bodyOf(1);
    expect(second.model).toBe("model-reviewer");
    expect(systemOf(second)).toContain("You are the reviewer.");
    expect(systemOf(second)).not.toContain("You are the coder.");
    expect(toolsOf(second)).toEqual(["read_file", "grep"]);
    // The conversation is kept: the task, the transfer call and its result.
    expect(JSON.stringify(second.messages)).toContain("fix and review");
    expect(JSON.stringify(second.messages)).toContain("Transferred to reviewer.");

    const events = await journalOf(runtime, run.sessionId);
    const handoff = events.find((event) => event.type === "agent.handoff");
    expect(handoff).toMatchObject({
      type: "agent.handoff",
      version: 1,
      from: "coder",
      to: "reviewer",
      callId: "call_0_0",
      reason: "ready for review",
      settings: { model: "openai-compatible:model-reviewer" },
    });
    await runtime.close();
  });
});
