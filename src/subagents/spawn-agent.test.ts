import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { AgentEvent, StoredEvent } from "../core/index.js";
import type { ScriptedResponse } from "../model/index.js";
import { defineAgent, Runtime } from "../runtime/index.js";
import { recordingModel } from "../runtime/testing/recording-model.js";
import { MemoryJournal } from "../store/index.js";
import { type Tool, tool } from "../tools/index.js";
import { childSessionId, type SubagentLimits, type SubagentSpec, spawnAgentTool } from "./index.js";

async function openRuntime(): Promise<Runtime> {
  return Runtime.open({
    journal: new MemoryJournal(),
    artHome: tempDir("art-home-"),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("art-user-") },
  });
}

async function eventsOf(runtime: Runtime, sessionId: string): Promise<AgentEvent[]> {
  const events: StoredEvent["event"][] = [];
  for await (const { event } of runtime.subscribe(sessionId)) events.push(event);
  return events as AgentEvent[];
}

/** A sub-agent whose model plays `responses`, with `extra` tools (and spawn_agent when `spawns`). */
function scriptedSpec(
  name: string,
  responses: ScriptedResponse[],
  options: { extra?: Tool<unknown>[]; spawns?: boolean; outputSchema?: Record<string, unknown> } = {},
): SubagentSpec {
  const model = recordingModel(responses, `scripted:${name}`);
  return {
    name,
    description: `The ${name} agent.`,
    ...(options.outputSchema ? { outputSchema: options.outputSchema } : {}),
    define: (parent, spawnTool) =>
      defineAgent({
        name,
        model,
        tools: {
          builtins: ["shell"],
          extra: [...(options.extra ?? []), ...(options.spawns ? [spawnTool] : [])],
        },
        sandbox: parent.settings.sandbox,
        approval: parent.settings.approval,
        checkpoints: false,
      }),
  };
}

function lead(responses: ScriptedResponse[], spawn: Tool<unknown>) {
  return defineAgent({
    name: "lead",
    model: recordingModel(responses, "scripted:lead"),
    tools: { builtins: "none", extra: [spawn] },
    sandbox: "full-access",
    approval: "never",
    checkpoints: false,
  });
}

const spawnCall = (agent: string, prompt: string) => ({ name: "spawn_agent", arguments: { agent, prompt } });

function toolResults(events: AgentEvent[]) {
  return events.flatMap((event) => (event.type === "tool.result" ? [event] : []));
}

async function setUp(
  specs: SubagentSpec[],
  leadScript: ScriptedResponse[],
  limits?: Partial<SubagentLimits>,
) {
  const runtime = await openRuntime();
  const spawn = spawnAgentTool({ runtime, agents: specs, ...(limits ? { limits } : {}) });
  const cwd = tempDir("art-ws-");
  const run = runtime.run(lead(leadScript, spawn), "lead the work", { cwd });
  return { runtime, run, cwd };
}

describe("spawn_agent", () => {
  it("runs two children of one step at the same time, each its own session linked to the parent", async () => {
    // Each child waits at the barrier until both are inside it: run one after the other, neither would get out.
    let arrived = 0;
    let release: () => void = () => {};
    const together = new Promise<void>((resolve) => {
      release = resolve;
    });
    const linkedFirst: boolean[] = [];
    let runtimeRef: Runtime | undefined;
    const barrier = tool({
      name: "barrier",
      description: "Waits for the other child.",
      inputSchema: z.object({}),
      effects: "read",
      async execute(_args, context) {
        // The parent's journal (what it stored, not its live stream) holds this child's id already.
        const parentId = (await runtimeRef!.session(context.sessionId))?.parentId;
        const stored: AgentEvent[] = [];
        for await (const { event } of runtimeRef!.journal.read(parentId!)) stored.push(event as AgentEvent);
        linkedFirst.push(
          stored.some(
            (event) =>
              event.type === "progress.reported" &&
              (event.data as { childSessionId?: string } | undefined)?.childSessionId === context.sessionId,
          ),
        );
        arrived++;
        if (arrived === 2) release();
        await together;
        return "both here";
      },
    });
    const worker = (name: string) =>
      scriptedSpec(
        name,
        [{ toolCalls: [{ name: "barrier", arguments: {} }] }, { text: `${name} finished` }],
        {
          extra: [barrier],
        },
      );
    const { runtime, run } = await setUp(
      [worker("alpha"), worker("beta")],
      [
        { toolCalls: [spawnCall("alpha", "do part A"), spawnCall("beta", "do part B")] },
        { text: "all done" },
      ],
    );
    runtimeRef = runtime;
    const result = await run.result;
    expect(result).toMatchObject({ status: "completed", finalMessage: "all done" });
    const parent = await eventsOf(runtime, run.sessionId);
    expect(toolResults(parent).map(({ ok, output }) => ({ ok, output }))).toEqual([
      { ok: true, output: "alpha finished" },
      { ok: true, output: "beta finished" },
    ]);
    expect(linkedFirst).toEqual([true, true]);
    const calls = parent.flatMap((event) => (event.type === "tool.call" ? [event.callId] : []));
    for (const [index, callId] of calls.entries()) {
      const child = await eventsOf(runtime, childSessionId(run.sessionId, callId));
      expect(child[0]).toMatchObject({
        type: "session.started",
        parent: { sessionId: run.sessionId, callId, agent: index === 0 ? "alpha" : "beta" },
      });
      expect(child.at(-1)).toEqual({ type: "session.ended", reason: "completed" });
    }
    const listed = await runtime.sessions({ parentId: run.sessionId });
    expect(listed).toHaveLength(2);
  });

  const SCHEMA = {
    type: "object",
    properties: { verdict: { type: "string", enum: ["pass", "fail"] } },
    required: ["verdict"],
  };

  it("returns the structured output when the child's answer matches output_schema", async () => {
    const { runtime, run } = await setUp(
      [scriptedSpec("judge", [{ text: '{"verdict":"pass"}' }], { outputSchema: SCHEMA })],
      [{ toolCalls: [spawnCall("judge", "judge it")] }, { text: "ok" }],
    );
    await run.result;
    const [result] = toolResults(await eventsOf(runtime, run.sessionId));
    expect(result).toMatchObject({ ok: true, output: '{"verdict":"pass"}' });
  });

  it("asks the child once more when its answer does not match, and uses the corrected one", async () => {
    const { runtime, run } = await setUp(
      [
        scriptedSpec("judge", [{ text: "It passes." }, { text: '{"verdict":"fail"}' }], {
          outputSchema: SCHEMA,
        }),
      ],
      [{ toolCalls: [spawnCall("judge", "judge it")] }, { text: "ok" }],
    );
    await run.result;
    const parent = await eventsOf(runtime, run.sessionId);
    const [result] = toolResults(parent);
    expect(result).toMatchObject({ ok: true, output: '{"verdict":"fail"}' });
    const callId = parent.find((event) => event.type === "tool.call")!;
    const child = await eventsOf(
      runtime,
      childSessionId(run.sessionId, (callId as { callId: string }).callId),
    );
    const turns = child.filter((event) => event.type === "turn.started");
    expect(turns).toHaveLength(2);
    expect(turns[1]).toMatchObject({
      input: expect.stringContaining("does not match the required output schema"),
    });
  });

  it("fails the call with agent.output_invalid when the second answer does not match either", async () => {
    const { runtime, run } = await setUp(
      [
        scriptedSpec("judge", [{ text: "It passes." }, { text: '{"verdict":"maybe"}' }], {
          outputSchema: SCHEMA,
        }),
      ],
      [{ toolCalls: [spawnCall("judge", "judge it")] }, { text: "ok" }],
    );
    await run.result;
    const [result] = toolResults(await eventsOf(runtime, run.sessionId));
    expect(result).toMatchObject({ ok: false, error: { code: "agent.output_invalid" } });
    expect(result!.output).toContain("verdict");
  });

  it("stops a child that would spawn below the depth budget with agent.budget_exceeded, which it reads", async () => {
    const { runtime, run } = await setUp(
      [
        scriptedSpec(
          "manager",
          [{ toolCalls: [spawnCall("worker", "dig deeper")] }, { text: "did it myself" }],
          {
            spawns: true,
          },
        ),
        scriptedSpec("worker", [{ text: "never runs" }]),
      ],
      [{ toolCalls: [spawnCall("manager", "manage")] }, { text: "ok" }],
      { maxDepth: 1 },
    );
    await run.result;
    const parent = await eventsOf(runtime, run.sessionId);
    expect(toolResults(parent)[0]).toMatchObject({ ok: true, output: "did it myself" });
    const callId = (parent.find((event) => event.type === "tool.call") as { callId: string }).callId;
    const manager = await eventsOf(runtime, childSessionId(run.sessionId, callId));
    expect(toolResults(manager)[0]).toMatchObject({
      ok: false,
      name: "spawn_agent",
      error: { code: "agent.budget_exceeded" },
    });
    expect(toolResults(manager)[0]!.output).toContain("2 levels deep");
    // No grandchild session exists.
    expect(await runtime.sessions({ parentId: childSessionId(run.sessionId, callId) })).toEqual([]);
  });

  it("stops the third sub-agent of a session allowed two with agent.budget_exceeded", async () => {
    const { runtime, run } = await setUp(
      [scriptedSpec("w", [{ text: "w done" }])],
      [{ toolCalls: [spawnCall("w", "1"), spawnCall("w", "2"), spawnCall("w", "3")] }, { text: "ok" }],
      { maxPerSession: 2 },
    );
    await run.result;
    const results = toolResults(await eventsOf(runtime, run.sessionId));
    expect(results.filter((result) => result.ok)).toHaveLength(2);
    expect(results.filter((result) => !result.ok)).toMatchObject([
      { error: { code: "agent.budget_exceeded" } },
    ]);
  });

  it("stops new sub-agents once the tree's sub-agents used up the token budget", async () => {
    const { runtime, run } = await setUp(
      [scriptedSpec("w", [{ text: "w done" }])],
      [{ toolCalls: [spawnCall("w", "first")] }, { toolCalls: [spawnCall("w", "second")] }, { text: "ok" }],
      { maxTreeTokens: 1 },
    );
    await run.result;
    const results = toolResults(await eventsOf(runtime, run.sessionId));
    expect(results[0]).toMatchObject({ ok: true, output: "w done" });
    expect(results[1]).toMatchObject({ ok: false, error: { code: "agent.budget_exceeded" } });
    expect(results[1]!.output).toContain("the budget is 1");
    expect(await runtime.sessions({ parentId: run.sessionId })).toHaveLength(1);
  });

  it("names the agents it knows when asked for an unknown one", async () => {
    const { runtime, run } = await setUp(
      [scriptedSpec("w", [{ text: "w done" }])],
      [{ toolCalls: [spawnCall("nobody", "x")] }, { text: "ok" }],
    );
    await run.result;
    const [result] = toolResults(await eventsOf(runtime, run.sessionId));
    expect(result).toMatchObject({ ok: false, error: { code: "agent.unknown" } });
    expect(result!.output).toContain("Use one of: w");
  });

  it("cancelling the parent cancels the child and kills its command", async () => {
    const cwd = tempDir("art-ws-");
    const pidFile = path.join(cwd, "pid");
    const runtime = await openRuntime();
    const spawn = spawnAgentTool({
      runtime,
      agents: [
        scriptedSpec("sleeper", [
          { toolCalls: [{ name: "shell", arguments: { command: `echo $$ > ${pidFile}; exec sleep 300` } }] },
          { text: "woke up" },
        ]),
      ],
    });
    const controller = new AbortController();
    const run = runtime.run(
      lead([{ toolCalls: [spawnCall("sleeper", "sleep")] }, { text: "ok" }], spawn),
      "go",
      {
        cwd,
        signal: controller.signal,
      },
    );
    while (!existsSync(pidFile) || readFileSync(pidFile, "utf8").trim() === "") {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    controller.abort();
    const result = await run.result;
    expect(result.status).toBe("interrupted");
    const parent = await eventsOf(runtime, run.sessionId);
    const callId = (parent.find((event) => event.type === "tool.call") as { callId: string }).callId;
    const child = await eventsOf(runtime, childSessionId(run.sessionId, callId));
    expect(child.at(-1)).toEqual({ type: "session.ended", reason: "cancelled" });
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(false);
  });
});
