import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import { type AgentEvent, SessionSettings } from "../core/index.js";
import type { ScriptedResponse } from "../model/index.js";
import { scriptedModelFromResponses } from "../model/index.js";
import { MemoryJournal } from "../store/index.js";
import { tool } from "../tools/index.js";
import { Agent } from "./agent.js";

async function agentWith(
  responses: ScriptedResponse[],
  extra: Partial<Parameters<typeof Agent.create>[0]> = {},
) {
  return Agent.create({
    model: scriptedModelFromResponses(responses, { spec: "scripted:test" }),
    journal: new MemoryJournal(),
    artHome: tempDir("art-home-"),
    sandbox: "full-access",
    checkpoints: false,
    ...extra,
  });
}

async function collect(run: { events(): AsyncIterable<{ event: AgentEvent }> }): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const { event } of run.events()) events.push(event);
  return events;
}

describe("Agent", () => {
  it("runs a turn: tools, results fed back, final message, journal as the truth", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "a.txt": "hello\n" });
    const agent = await agentWith([
      { text: "Reading.", toolCalls: [{ name: "read_file", arguments: { path: "a.txt" } }] },
      { toolCalls: [{ name: "shell", arguments: { command: "echo done | tee b.txt" } }] },
      { text: "All done." },
    ]);
    const run = agent.start("copy it", { cwd });
    const events = await collect(run);
    const result = await run.result;
    expect(result).toMatchObject({ status: "completed", finalMessage: "All done." });
    expect(readFileSync(path.join(cwd, "b.txt"), "utf8")).toBe("done\n");
    const types = events.map((event) => event.type).filter((type) => !type.endsWith(".delta"));
    expect(types).toEqual([
      "session.started",
      "turn.started",
      "step.started",
      "message.completed",
      "tool.call",
      "step.completed",
      "tool.result",
      "step.started",
      "tool.call",
      "step.completed",
      "exec.begin",
      "exec.output",
      "exec.end",
      "tool.result",
      "step.started",
      "message.completed",
      "step.completed",
      "turn.completed",
      "session.ended",
    ]);
    const read = events.find((event) => event.type === "tool.result");
    expect(read).toMatchObject({ ok: true, output: "1\thello" });
    const stored = [];
    for await (const item of agent.events(result.sessionId)) stored.push(item.event);
    expect(stored).toEqual(events);
  });

  it("gives invalid tool arguments back to the model as an error and carries on", async () => {
    const cwd = tempDir();
    const agent = await agentWith([
      { toolCalls: [{ name: "read_file", arguments: { path: 42 } }] },
      { toolCalls: [{ name: "no_such_tool", arguments: {} }] },
      { text: "Recovered." },
    ]);
    const run = agent.start("go", { cwd });
    const events = await collect(run);
    expect((await run.result).status).toBe("completed");
    const results = events.filter((event) => event.type === "tool.result");
    expect(results.map((event) => event.type === "tool.result" && event.error?.code)).toEqual([
      "tool.invalid_arguments",
      "tool.unknown",
    ]);
  });

  it("fails the turn clearly when the script runs out, keeping the journal", async () => {
    const agent = await agentWith([{ toolCalls: [{ name: "list_dir", arguments: {} }] }]);
    const run = agent.start("go", { cwd: tempDir() });
    const result = await run.result;
    expect(result.status).toBe("failed");
    expect(result.error?.message).toMatch(/script/i);
    const summary = (await agent.sessions())[0];
    expect(summary).toMatchObject({ id: result.sessionId, status: "failed", turns: 1 });
  });

  it("cancels a running command when aborted and records the turn as interrupted", async () => {
    const agent = await agentWith([{ toolCalls: [{ name: "shell", arguments: { command: "sleep 30" } }] }]);
    const run = agent.start("go", { cwd: tempDir() });
    for await (const { event } of run.events()) if (event.type === "exec.begin") run.abort();
    const result = await run.result;
    expect(result.status).toBe("interrupted");
    const ended = (await agent.sessions())[0];
    expect(ended?.status).toBe("cancelled");
  });

  it("runs the read-only calls of one step in parallel and writes alone", async () => {
    let active = 0;
    let peak = 0;
    let order = 0;
    const probe = (name: string, effects: "read" | "write") =>
      tool({
        name,
        description: "test probe",
        inputSchema: z.object({}),
        effects,
        async execute() {
          active++;
          peak = Math.max(peak, active);
          // The first call finishes last.
          await new Promise((resolve) => setTimeout(resolve, 80 - 30 * order++));
          active--;
          return `${name} done`;
        },
      });
    const agent = await agentWith(
      [
        {
          toolCalls: [
            { name: "look", arguments: {} },
            { name: "look", arguments: {} },
            { name: "look", arguments: {} },
          ],
        },
        {
          toolCalls: [
            { name: "poke", arguments: {} },
            { name: "poke", arguments: {} },
          ],
        },
        { text: "ok" },
      ],
      { tools: [probe("look", "read"), probe("poke", "write")] },
    );
    const run = agent.start("go", { cwd: tempDir() });
    const events = await collect(run);
    expect((await run.result).status).toBe("completed");
    expect(peak).toBe(3);
    // Results are journaled in the model's order even when they finish out of order.
    const results = events.filter((event) => event.type === "tool.result");
    expect(results.map((event) => event.type === "tool.result" && event.callId)).toEqual([
      "call_0_0",
      "call_0_1",
      "call_0_2",
      "call_1_0",
      "call_1_1",
    ]);
  });

  it("on resume, redoes a sampling step that was cut off mid-stream", async () => {
    const journal = new MemoryJournal();
    const cwd = tempDir();
    // What a process that died while the model was streaming leaves behind.
    await journal.append("ses_cut", [
      {
        type: "session.started",
        cwd,
        settings: SessionSettings.parse({ model: "scripted:test", sandbox: "full-access" }),
      },
      { type: "turn.started", turnId: "turn_1", turn: 0, input: "say hi" },
      { type: "step.started", turnId: "turn_1", step: 0 },
      { type: "message.delta", turnId: "turn_1", delta: "Hel" },
    ]);
    const agent = await agentWith([{ text: "Hello there." }], { journal });
    const result = await agent.resume("ses_cut").result;
    expect(result).toMatchObject({ status: "completed", finalMessage: "Hello there." });
    const steps: AgentEvent[] = [];
    for await (const { event } of agent.events("ses_cut"))
      if (event.type === "step.completed") steps.push(event);
    expect(steps).toMatchObject([{ step: 0, text: "Hello there." }]);
  });

  it("resumes with a follow-up and forks at a turn", async () => {
    const cwd = tempDir();
    const agent = await agentWith([{ text: "first" }, { text: "second" }, { text: "third" }]);
    const first = await agent.start("one", { cwd }).result;
    const second = await agent.resume(first.sessionId, { message: "two" }).result;
    expect(second).toMatchObject({ status: "completed", finalMessage: "second" });
    await expect(agent.resume(first.sessionId).result).rejects.toMatchObject({
      code: "session.nothing_to_resume",
    });
    const forkId = await agent.fork(first.sessionId, { atTurn: 1 });
    const forked = await agent.resume(forkId, { message: "two again" }).result;
    // The fork has one assistant response before it, so the script answers with the second response again.
    expect(forked.finalMessage).toBe("second");
    expect((await agent.sessions()).find((summary) => summary.id === forkId)?.parentId).toBe(first.sessionId);
  });
});
