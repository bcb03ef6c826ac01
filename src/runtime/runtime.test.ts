import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import type { AgentDefinitionRecord, AgentEvent } from "../core/index.js";
import { SessionSettings } from "../core/index.js";
import { CODING_PROMPT } from "../orchestrator/index.js";
import { MemoryJournal } from "../store/index.js";
import { tool } from "../tools/index.js";
import { type AgentDefinitionInput, defineAgent } from "./agent-definition.js";
import { Runtime } from "./runtime.js";
import { recordingModel } from "./testing/recording-model.js";

const deploy = tool({
  name: "deploy",
  description: "Deploys the build.",
  inputSchema: z.object({ target: z.string() }),
  effects: "write",
  async execute({ target }) {
    return `deployed to ${target}`;
  },
});

async function openRuntime(journal = new MemoryJournal()) {
  return Runtime.open({
    journal,
    artHome: tempDir("art-home-"),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("art-user-") },
  });
}

function agentOf(model: AgentDefinitionInput["model"], extra: Partial<AgentDefinitionInput> = {}) {
  return defineAgent({ name: "reviewer", model, sandbox: "full-access", checkpoints: false, ...extra });
}

async function journalOf(runtime: Runtime, sessionId: string): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const { event } of runtime.subscribe(sessionId)) events.push(event);
  return events;
}

function startedDefinition(events: AgentEvent[]): AgentDefinitionRecord | undefined {
  const started = events.find((event) => event.type === "session.started");
  return started?.type === "session.started" ? started.definition : undefined;
}

describe("Runtime.run", () => {
  it("journals the effective definition at session.started, and the model sees exactly it", async () => {
    const model = recordingModel([{ text: "Looks fine." }]);
    const runtime = await openRuntime();
    const agent = agentOf(model, {
      prompt: "You review code. Never edit.",
      instructions: "Answer in one line.",
      tools: { builtins: ["read_file", "grep"], extra: [deploy] },
      maxSteps: 7,
    });
    const run = runtime.run(agent, "review it", { cwd: tempDir() });
    expect(await run.result).toMatchObject({ status: "completed", finalMessage: "Looks fine." });
    const definition = startedDefinition(await journalOf(runtime, run.sessionId));
    expect(definition).toMatchObject({
      version: 1,
      name: "reviewer",
      systemPrompt: "You review code. Never edit.\n\nAnswer in one line.",
      maxSteps: 7,
      compactAt: 0.85,
      loginShell: false,
      sandboxReads: { deny: [], allow: [] },
    });
    expect(definition?.tools.map((tool) => [tool.name, tool.effects])).toEqual([
      ["read_file", "read"],
      ["grep", "read"],
      ["deploy", "write"],
    ]);
    expect(definition?.tools[2]?.inputSchema).toMatchObject({
      type: "object",
      properties: { target: { type: "string" } },
      required: ["target"],
    });
    expect(model.seen).toHaveLength(1);
    expect(model.seen[0]?.tools).toEqual(["read_file", "grep", "deploy"]);
    expect(model.seen[0]?.system.startsWith("You review code. Never edit.\n\nAnswer in one line.\n\n")).toBe(
      true,
    );
    expect(model.seen[0]?.system).not.toContain(CODING_PROMPT);
    await runtime.close();
  });

  it("a built-in left out cannot be called: the model is told it does not exist", async () => {
    const cwd = tempDir();
    const model = recordingModel([
      { toolCalls: [{ name: "shell", arguments: { command: "echo pwned > pwned.txt" } }] },
      { text: "Could not." },
    ]);
    const runtime = await openRuntime();
    const run = runtime.run(agentOf(model, { tools: { builtins: ["read_file"] } }), "go", { cwd });
    expect((await run.result).status).toBe("completed");
    const results = (await journalOf(runtime, run.sessionId)).filter((event) => event.type === "tool.result");
    expect(results).toMatchObject([{ name: "shell", ok: false, error: { code: "tool.unknown" } }]);
    expect(existsSync(path.join(cwd, "pwned.txt"))).toBe(false);
  });

  it("the coding prompt is the default base, and instructions follow it", async () => {
    const model = recordingModel([{ text: "ok" }]);
    const runtime = await openRuntime();
    const run = runtime.run(agentOf(model, { instructions: "Be brief." }), "go", { cwd: tempDir() });
    await run.result;
    const definition = startedDefinition(await journalOf(runtime, run.sessionId));
    expect(definition?.systemPrompt).toBe(`${CODING_PROMPT}\n\nBe brief.`);
    expect(definition?.tools.map((tool) => tool.name)).toEqual([
      "shell",
      "read_file",
      "list_dir",
      "grep",
      "write_file",
      "update_plan",
      "apply_patch",
      "search_code",
      "remember",
      "recall",
    ]);
  });
});

describe("resume runs under the journaled definition, or says what changed", () => {
  async function startedSession(extra: Partial<AgentDefinitionInput> = {}) {
    const journal = new MemoryJournal();
    const first = await openRuntime(journal);
    const model = recordingModel([{ text: "one" }, { text: "two" }, { text: "three" }]);
    const agent = agentOf(model, {
      prompt: "You review code.",
      tools: { builtins: ["read_file", "shell"] },
      ...extra,
    });
    const run = first.run(agent, "first", { cwd: tempDir() });
    expect((await run.result).status).toBe("completed");
    await first.close();
    return { journal, model, agent, sessionId: run.sessionId };
  }

  it("another process with another prompt is refused, and nothing is journaled", async () => {
    const { journal, model, sessionId } = await startedSession();
    const second = await openRuntime(journal);
    const before = await journalOf(second, sessionId);
    const other = agentOf(model, {
      prompt: "You deploy to production.",
      tools: { builtins: ["read_file", "shell"] },
    });
    const run = second.resume(sessionId, { agent: other, message: "second" });
    await expect(run.result).rejects.toMatchObject({
      code: "runtime.definition_changed",
      changed: ["systemPrompt"],
    });
    expect(await journalOf(second, sessionId)).toEqual(before);
    expect(model.seen).toHaveLength(1);
  });

  it("another set of built-ins is refused, naming the tools added and removed", async () => {
    const { journal, model, sessionId } = await startedSession();
    const second = await openRuntime(journal);
    const other = agentOf(model, {
      prompt: "You review code.",
      tools: { builtins: ["read_file", "write_file"] },
    });
    await expect(second.resume(sessionId, { agent: other, message: "x" }).result).rejects.toMatchObject({
      code: "runtime.definition_changed",
      changed: ["tools.-shell", "tools.+write_file"],
    });
  });

  it("adoptDefinition journals definition.changed (durably, before the turn) and runs under the new one", async () => {
    const { journal, model, sessionId } = await startedSession();
    const second = await openRuntime(journal);
    const other = agentOf(model, { prompt: "You review code, tersely.", tools: { builtins: ["read_file"] } });
    const run = second.resume(sessionId, { agent: other, message: "second", adoptDefinition: true });
    // The caller is told through the run's own events, which begin with the change.
    const [firstOfRun] = await (async () => {
      const seen: AgentEvent[] = [];
      for await (const { event } of run.events()) seen.push(event);
      return seen;
    })();
    expect(firstOfRun?.type).toBe("definition.changed");
    expect(await run.result).toMatchObject({ status: "completed", finalMessage: "two" });
    const events = await journalOf(second, sessionId);
    const changeAt = events.findIndex((event) => event.type === "definition.changed");
    const turnAt = events.findIndex((event) => event.type === "turn.started" && event.input === "second");
    expect(changeAt).toBeGreaterThan(0);
    expect(changeAt).toBeLessThan(turnAt);
    expect(events[changeAt]).toMatchObject({
      changed: ["systemPrompt", "tools.-shell"],
      by: "resume",
      definition: { systemPrompt: "You review code, tersely.", tools: [{ name: "read_file" }] },
    });
    expect(model.seen.at(-1)?.tools).toEqual(["read_file"]);
    expect(model.seen.at(-1)?.system.startsWith("You review code, tersely.")).toBe(true);
  });

  it("without an agent the journaled prompt and tools rule, not this process's defaults", async () => {
    const { journal, model, sessionId } = await startedSession();
    const second = await openRuntime(journal);
    // The model spec is a client's, so the resume hands it over through a definition: the same one.
    const same = agentOf(model, { prompt: "You review code.", tools: { builtins: ["read_file", "shell"] } });
    expect((await second.resume(sessionId, { agent: same, message: "second" }).result).status).toBe(
      "completed",
    );
    expect(model.seen.at(-1)?.tools).toEqual(["read_file", "shell"]);
    expect(model.seen.at(-1)?.system.startsWith("You review code.\n\n")).toBe(true);
    const changes = (await journalOf(second, sessionId)).filter(
      (event) => event.type === "definition.changed",
    );
    expect(changes).toEqual([]);
  });

  it("a session journaled by a build whose built-in differs is refused without an agent, naming the tool", async () => {
    const cwd = tempDir();
    const dir = tempDir();
    writeTree(dir, { "s.json": JSON.stringify({ responses: [{ text: "a" }, { text: "b" }] }) });
    const journal = new MemoryJournal();
    const runtime = await openRuntime(journal);
    // What a build with another read_file (another schema) journaled.
    const otherBuild: AgentDefinitionRecord = {
      version: 1,
      name: "art",
      systemPrompt: "Older prompt.",
      tools: [
        {
          name: "read_file",
          description: "Reads anything.",
          inputSchema: {
            type: "object",
            properties: { path: { type: "string" }, sudo: { type: "boolean" } },
          },
          effects: "read",
        },
      ],
      maxSteps: 100,
      compactAt: 0.85,
      loginShell: false,
      sandboxReads: { deny: [], allow: [] },
    };
    const settings = SessionSettings.parse({
      model: `scripted:${dir}/s.json`,
      sandbox: "full-access",
      checkpoints: false,
    });
    journal.append("ses_other", [
      { type: "session.started", cwd, settings, definition: otherBuild },
      { type: "turn.started", turnId: "turn_1", turn: 0, input: "first" },
      { type: "step.started", turnId: "turn_1", step: 0 },
      { type: "message.completed", turnId: "turn_1", text: "a" },
      {
        type: "step.completed",
        turnId: "turn_1",
        step: 0,
        text: "a",
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0 },
      },
      {
        type: "turn.completed",
        turnId: "turn_1",
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0 },
      },
      { type: "session.ended", reason: "completed" },
    ]);
    await expect(runtime.resume("ses_other", { message: "again" }).result).rejects.toMatchObject({
      code: "runtime.definition_changed",
      changed: ["tools.read_file"],
    });
    const adopted = runtime.resume("ses_other", { message: "again", adoptDefinition: true });
    expect((await adopted.result).status).toBe("completed");
    const change = (await journalOf(runtime, "ses_other")).find(
      (event) => event.type === "definition.changed",
    );
    // The journaled prompt stays (this process has no other); the tool is this build's, as declared now.
    expect(change).toMatchObject({
      changed: ["tools.read_file"],
      definition: { systemPrompt: "Older prompt." },
    });
  });

  it("a session with its own tools needs its agent to resume", async () => {
    const { journal, sessionId } = await startedSession({
      tools: { builtins: ["read_file"], extra: [deploy] },
    });
    const second = await openRuntime(journal);
    await expect(second.resume(sessionId, { message: "x" }).result).rejects.toMatchObject({
      code: "runtime.definition_required",
    });
  });

  it("a definition journaled by a newer build is refused, not misread", async () => {
    const { journal, sessionId, agent } = await startedSession();
    const started = (await journalOf(await openRuntime(journal), sessionId))[0];
    if (started?.type !== "session.started" || !started.definition) throw new Error("no definition");
    const newer = new MemoryJournal();
    newer.append("ses_newer", [{ ...started, definition: { ...started.definition, version: 99 } }]);
    const runtime = await openRuntime(newer);
    await expect(runtime.resume("ses_newer", { agent, message: "x" }).result).rejects.toMatchObject({
      code: "runtime.definition_newer",
    });
  });

  it("a fork keeps the parent's definition: resumed without an agent it runs under the parent's rules", async () => {
    const { journal, model, agent, sessionId } = await startedSession();
    const runtime = await openRuntime(journal);
    const forkId = await runtime.fork(sessionId);
    expect(startedDefinition(await journalOf(runtime, forkId))).toEqual(
      startedDefinition(await journalOf(runtime, sessionId)),
    );
    const other = agentOf(model, { prompt: "Something else." });
    await expect(runtime.resume(forkId, { agent: other, message: "x" }).result).rejects.toMatchObject({
      code: "runtime.definition_changed",
    });
    expect((await runtime.resume(forkId, { agent, message: "again" }).result).status).toBe("completed");
    expect(model.seen.at(-1)?.system.startsWith("You review code.\n\n")).toBe(true);
  });

  it("a session from before event schema 3 gets its definition journaled on its first resume", async () => {
    const dir = tempDir();
    writeTree(dir, { "s.json": JSON.stringify({ responses: [{ text: "hello" }] }) });
    const journal = new MemoryJournal();
    journal.append("ses_v2", [
      {
        type: "session.started",
        cwd: dir,
        settings: SessionSettings.parse({
          model: `scripted:${dir}/s.json`,
          sandbox: "full-access",
          checkpoints: false,
          instructions: "Be brief.",
        }),
      },
    ]);
    const runtime = await openRuntime(journal);
    expect((await runtime.resume("ses_v2", { message: "hi" }).result).status).toBe("completed");
    const change = (await journalOf(runtime, "ses_v2")).find((event) => event.type === "definition.changed");
    expect(change).toMatchObject({
      changed: ["definition"],
      definition: { systemPrompt: `${CODING_PROMPT}\n\nBe brief.` },
    });
  });
});

describe("one run per session", () => {
  it("a second resume of a session this runtime is running is refused, before either has started", async () => {
    const model = recordingModel([{ text: "one" }, { text: "two" }, { text: "three" }]);
    const runtime = await openRuntime();
    const agent = agentOf(model);
    const first = runtime.run(agent, "first", { cwd: tempDir() });
    await first.result;
    const a = runtime.resume(first.sessionId, { agent, message: "a" });
    const b = runtime.resume(first.sessionId, { agent, message: "b" });
    await expect(b.result).rejects.toMatchObject({ code: "session.running" });
    expect((await a.result).status).toBe("completed");
    const inputs = (await journalOf(runtime, first.sessionId)).flatMap((event) =>
      event.type === "turn.started" ? [event.input] : [],
    );
    expect(inputs).toEqual(["first", "a"]);
    // Once that run has ended, the session can be resumed again.
    expect((await runtime.resume(first.sessionId, { agent, message: "c" }).result).status).toBe("completed");
  });
});

describe("Runtime.subscribe", () => {
  it("follows a running session live and delivers exactly what the journal stores", async () => {
    const model = recordingModel([{ toolCalls: [{ name: "list_dir", arguments: {} }] }, { text: "done" }]);
    const runtime = await openRuntime();
    const run = runtime.run(agentOf(model), "go", { cwd: tempDir() });
    // Subscribed before the session exists in the journal: the run's own stream is the way in then.
    const live: AgentEvent[] = [];
    for await (const { event } of run.events()) {
      live.push(event);
      if (event.type === "tool.call") {
        const followed: AgentEvent[] = [];
        const follower = runtime.subscribe(run.sessionId, 1);
        for await (const stored of follower) {
          followed.push(stored.event);
          if (stored.event.type === "session.ended") break;
        }
        expect(followed).toEqual(await journalOf(runtime, run.sessionId));
      }
    }
    await run.result;
    expect(live).toEqual(await journalOf(runtime, run.sessionId));
  });
});
