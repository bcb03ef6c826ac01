import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { AgentEvent } from "../core/index.js";
import { defineAgent, Runtime } from "../runtime/index.js";
import { recordingModel } from "../runtime/testing/recording-model.js";
import { MemoryJournal } from "../store/index.js";
import { type SubagentSpec, spawnAgentTool } from "./index.js";

const worker: SubagentSpec = {
  name: "w",
  description: "Works.",
  define: (parent) =>
    defineAgent({
      name: "w",
      model: recordingModel([{ text: "w done" }, { text: "w done again" }], "scripted:w"),
      tools: { builtins: "none" },
      sandbox: parent.settings.sandbox,
      approval: parent.settings.approval,
      checkpoints: false,
    }),
};
const call = (id: string) => ({ name: "spawn_agent", arguments: { agent: "w", prompt: `task ${id}` } });

describe("the tree's token budget", () => {
  it("is counted from the journals: a new process (a fresh spawn_agent) still sees what the tree used", async () => {
    const runtime = await Runtime.open({
      journal: new MemoryJournal(),
      artHome: tempDir("art-home-"),
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("art-user-") },
    });
    const lead = (responses: Parameters<typeof recordingModel>[0]) =>
      defineAgent({
        name: "lead",
        model: recordingModel(responses, "scripted:lead"),
        // Each run gets its own tree, as `art resume` in a new process would.
        tools: {
          builtins: "none",
          extra: [spawnAgentTool({ runtime, agents: [worker], limits: { maxTreeTokens: 1 } })],
        },
        checkpoints: false,
      });
    const first = runtime.run(lead([{ toolCalls: [call("c1")] }, { text: "one" }]), "go", {
      cwd: tempDir("art-ws-"),
    });
    expect(await first.result).toMatchObject({ status: "completed" });
    const second = runtime.resume(first.sessionId, {
      message: "again",
      agent: lead([
        { toolCalls: [call("c1")] },
        { text: "one" },
        { toolCalls: [call("c2")] },
        { text: "two" },
      ]),
    });
    const secondResult = await second.result;
    expect(secondResult, JSON.stringify(secondResult.error)).toMatchObject({ status: "completed" });
    const results: AgentEvent[] = [];
    for await (const { event } of runtime.subscribe(first.sessionId))
      if (event.type === "tool.result") results.push(event as AgentEvent);
    expect(results[0]).toMatchObject({ ok: true });
    expect(results[1]).toMatchObject({ ok: false, error: { code: "agent.budget_exceeded" } });
  });
});
