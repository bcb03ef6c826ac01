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

describe("handoffs across runs", () => {
  it("resume and fork go on with the agent that has the session, from the journal alone", async () => {
    server = await startMockLlmServer({
      responses: [
        { toolCalls: [{ name: "transfer_to_reviewer", arguments: {} }] },
        { text: "Reviewed." },
        { text: "Still the reviewer." },
      ],
    });
    const { coder, reviewer } = pair(server.url);
    const journal = new MemoryJournal();
    const runtime = await openRuntime(journal);
    const run = runtime.run(coder, "review it", { cwd: tempDir(), agents: [reviewer] });
    expect(await run.result).toMatchObject({ status: "completed" });
    await runtime.close();

    // Another runtime (another process), given no agents: the journal has the team.
    const later = await openRuntime(journal);
    const resumed = later.resume(run.sessionId, { message: "anything else?" });
    expect(await resumed.startingAgent()).toBe("reviewer");
    expect(await resumed.result).toMatchObject({ status: "completed", finalMessage: "Still the reviewer." });
    expect(bodyOf(2).model).toBe("model-reviewer");
    expect(toolsOf(bodyOf(2))).toEqual(["read_file", "grep"]);

    const fork = await later.fork(run.sessionId, { atTurn: 1 });
    const forked = later.resume(fork, { message: "and in the fork?" });
    // The fork's conversation is the original's at turn 1, so the script answers it the same way.
    expect(await forked.result).toMatchObject({ finalMessage: "Still the reviewer." });
    expect(bodyOf(3).model).toBe("model-reviewer");
    expect(systemOf(bodyOf(3))).toContain("You are the reviewer.");
    await later.close();
  });
});

describe("handoff input, limits and checks", () => {
  it("last_message: the next agent sees only the last user message", async () => {
    server = await startMockLlmServer({
      responses: [
        { text: "Let me look.", toolCalls: [{ name: "transfer_to_reviewer", arguments: {} }] },
        { text: "Fresh eyes." },
      ],
    });
    const { coder, reviewer } = pair(server.url, {}, { handoffInput: "last_message" });
    const runtime = await openRuntime();
    const run = runtime.run(coder, "check the parser", { cwd: tempDir(), agents: [reviewer] });
    expect(await run.result).toMatchObject({ finalMessage: "Fresh eyes." });
    const messages = bodyOf(1).messages.filter((message) => message.role !== "system");
    expect(messages).toEqual([{ role: "user", content: "check the parser" }]);
    const handoff = (await journalOf(runtime, run.sessionId)).find((event) => event.type === "agent.handoff");
    expect(handoff).toMatchObject({ items: [{ type: "user", text: "check the parser" }] });
    await runtime.close();
  });

  it("a library filter shapes what the next agent sees, and its result is journaled", async () => {
    server = await startMockLlmServer({
      responses: [{ toolCalls: [{ name: "transfer_to_reviewer", arguments: {} }] }, { text: "Seen." }],
    });
    const { coder, reviewer } = pair(
      server.url,
      {},
      {
        handoffInput: (items) => [
          ...items.filter((item) => item.type === "user"),
          { type: "user", text: "Be brief." },
        ],
      },
    );
    const runtime = await openRuntime();
    const run = runtime.run(coder, "task one", { cwd: tempDir(), agents: [reviewer] });
    expect(await run.result).toMatchObject({ finalMessage: "Seen." });
    const messages = bodyOf(1).messages.filter((message) => message.role !== "system");
    expect(messages).toEqual([
      { role: "user", content: "task one" },
      { role: "user", content: "Be brief." },
    ]);
    await runtime.close();
  });

  it("the first transfer of a step wins; the other gets an error result, later calls do not run", async () => {
    server = await startMockLlmServer({
      responses: [
        {
          toolCalls: [
            { name: "transfer_to_reviewer", arguments: { reason: "first" } },
            { name: "transfer_to_tester", arguments: { reason: "second" } },
            { name: "list_dir", arguments: {} },
          ],
        },
        { text: "Reviewer here." },
      ],
    });
    const { coder, reviewer } = pair(server.url, { handoffs: ["reviewer", "tester"] });
    const tester = defineAgent({ name: "tester", model: "scripted:unused", checkpoints: false });
    const runtime = await openRuntime();
    const run = runtime.run(coder, "go", { cwd: tempDir(), agents: [reviewer, tester] });
    expect(await run.result).toMatchObject({ finalMessage: "Reviewer here." });
    const events = await journalOf(runtime, run.sessionId);
    const results = events.flatMap((event) =>
      event.type === "tool.result" ? [[event.name, event.ok, event.error?.code]] : [],
    );
    expect(results).toEqual([
      ["transfer_to_tester", false, "agent.handoff_superseded"],
      ["list_dir", false, undefined],
      ["transfer_to_reviewer", true, undefined],
    ]);
    expect(events.filter((event) => event.type === "agent.handoff")).toHaveLength(1);
    expect(bodyOf(1).model).toBe("model-reviewer");
    await runtime.close();
  });

  it("a handoff loop stops at the turn's limit with a typed error", async () => {
    server = await startMockLlmServer({
      responses: [
        { toolCalls: [{ name: "transfer_to_reviewer", arguments: {} }] },
        { toolCalls: [{ name: "transfer_to_coder", arguments: {} }] },
        { toolCalls: [{ name: "transfer_to_reviewer", arguments: {} }] },
      ],
    });
    const { coder, reviewer } = pair(server.url, { maxHandoffsPerTurn: 2 }, { handoffs: ["coder"] });
    const runtime = await openRuntime();
    const run = runtime.run(coder, "loop", { cwd: tempDir(), agents: [reviewer] });
    const result = await run.result;
    expect(result).toMatchObject({ status: "failed", error: { code: "agent.handoff_limit" } });
    const events = await journalOf(runtime, run.sessionId);
    expect(
      events.filter((event) => event.type === "agent.handoff").map((event) => (event as { to: string }).to),
    ).toEqual(["reviewer", "coder"]);
    await runtime.close();
  });

  it("the next agent's permissions are the session's narrowed by it, never wider", async () => {
    server = await startMockLlmServer({
      responses: [{ toolCalls: [{ name: "transfer_to_reviewer", arguments: {} }] }, { text: "ok" }],
    });
    const { coder, reviewer } = pair(
      server.url,
      { sandbox: "workspace-write", approval: "never" },
      { sandbox: "full-access", network: "full", approval: "on-failure" },
    );
    const runtime = await openRuntime();
    const run = runtime.run(coder, "go", { cwd: tempDir(), agents: [reviewer] });
    await run.result;
    const handoff = (await journalOf(runtime, run.sessionId)).find((event) => event.type === "agent.handoff");
    expect(handoff).toMatchObject({
      settings: { sandbox: "workspace-write", network: "none", approval: "never" },
    });
    await runtime.close();
  });

  it("an unknown handoff target is a typed error naming the agent and field, and no session is made", async () => {
    const coder = defineAgent({ name: "coder", model: "scripted:unused", handoffs: ["nobody"] });
    const runtime = await openRuntime();
    const run = runtime.run(coder, "go", { cwd: tempDir() });
    await expect(run.result).rejects.toMatchObject({
      code: "agent.unknown_handoff",
      message: expect.stringContaining('Agent "coder": field "handoffs" names "nobody"'),
    });
    expect(await runtime.sessions()).toEqual([]);
    await runtime.close();
  });

  it("defineAgent refuses handoffs to itself and an unknown handoffInput", () => {
    expect(() => defineAgent({ name: "a", model: "scripted:x", handoffs: ["a"] })).toThrow(
      /handoffs names the agent itself/,
    );
    expect(() =>
      defineAgent({ name: "a", model: "scripted:x", handoffInput: "everything" as "full" }),
    ).toThrow(/handoffInput "everything"/);
  });
});

describe("handoff permissions in force", () => {
  it("after a handoff to a read-only agent, its commands run under the read-only sandbox", async () => {
    const { existsSync } = await import("node:fs");
    const path = await import("node:path");
    server = await startMockLlmServer({
      responses: [
        { toolCalls: [{ name: "transfer_to_reviewer", arguments: {} }] },
        { toolCalls: [{ name: "shell", arguments: { command: "echo hi > written.txt" } }] },
        { text: "Tried." },
      ],
    });
    const { coder, reviewer } = pair(
      server.url,
      { sandbox: "workspace-write", approval: "never" },
      { sandbox: "read-only", tools: { builtins: ["shell"] } },
    );
    const cwd = tempDir();
    const runtime = await openRuntime();
    const run = runtime.run(coder, "write it", { cwd, agents: [reviewer] });
    expect(await run.result).toMatchObject({ status: "completed", finalMessage: "Tried." });
    const result = (await journalOf(runtime, run.sessionId)).find(
      (event) => event.type === "tool.result" && event.name === "shell",
    );
    expect(result).toMatchObject({ ok: false });
    expect(existsSync(path.join(cwd, "written.txt"))).toBe(false);
    await runtime.close();
  });
});
