import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { AgentEvent } from "../core/index.js";
import type { ScriptedResponse } from "../model/index.js";
import { defineAgent, Runtime } from "../runtime/index.js";
import { recordingModel } from "../runtime/testing/recording-model.js";
import { MemoryJournal } from "../store/index.js";
import { type Tool, tool } from "../tools/index.js";
import { type SubagentSpec, spawnAgentTool } from "./index.js";

/** A tool both children call: it returns only once both have arrived, so what follows really overlaps. */
function barrier(parties: number): Tool<unknown> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return tool({
    name: "barrier",
    description: "Waits for the other writer.",
    inputSchema: z.object({}),
    effects: "read",
    async execute() {
      if (++arrived === parties) open();
      await opened;
      return "go";
    },
  });
}

function sharedWriter(name: string, responses: ScriptedResponse[], wait: Tool<unknown>): SubagentSpec {
  const model = recordingModel(responses, `scripted:${name}`);
  return {
    name,
    description: `Writer ${name}.`,
    define: (parent) =>
      defineAgent({
        name,
        model,
        tools: { builtins: ["apply_patch", "read_file"], extra: [wait] },
        sandbox: parent.settings.sandbox,
        approval: parent.settings.approval,
        checkpoints: false,
      }),
  };
}

const patchLine = (anchor: string, added: string) => ({
  toolCalls: [
    {
      name: "apply_patch",
      arguments: {
        patch: `*** Begin Patch\n*** Update File: shared.txt\n@@\n ${anchor}\n+${added}\n*** End Patch`,
      },
    },
  ],
});

describe("children writing one shared workspace", () => {
  it("two children patching the same file at the same moment both land, and the parent is told who wrote what", async () => {
    const cwd = tempDir("art-shared-");
    writeFileSync(path.join(cwd, "shared.txt"), "top\nmiddle\nbottom\n");
    const wait = barrier(2);
    const agents = [
      sharedWriter(
        "p1",
        [
          { toolCalls: [{ name: "barrier", arguments: {} }] },
          patchLine("top", "from p1"),
          { text: "p1 done" },
        ],
        wait,
      ),
      sharedWriter(
        "p2",
        [
          { toolCalls: [{ name: "barrier", arguments: {} }] },
          patchLine("bottom", "from p2"),
          { text: "p2 done" },
        ],
        wait,
      ),
    ];
    const runtime = await Runtime.open({
      journal: new MemoryJournal(),
      artHome: tempDir("art-home-"),
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("art-user-") },
    });
    const spawn = spawnAgentTool({ runtime, agents });
    const call = (agent: string) => ({
      name: "spawn_agent",
      arguments: { agent, prompt: `task of ${agent}` },
    });
    const lead = defineAgent({
      name: "lead",
      model: recordingModel([{ toolCalls: [call("p1"), call("p2")] }, { text: "merged" }], "scripted:lead"),
      tools: { builtins: "none", extra: [spawn] },
      checkpoints: false,
    });
    const run = runtime.run(lead, "edit together", { cwd });
    expect(await run.result).toMatchObject({ status: "completed" });

    // Both edits are in the file: neither patch was planned against a version the other then overwrote.
    expect(readFileSync(path.join(cwd, "shared.txt"), "utf8")).toBe(
      "top\nfrom p1\nmiddle\nbottom\nfrom p2\n",
    );
    const events: AgentEvent[] = [];
    for await (const { event } of runtime.subscribe(run.sessionId)) events.push(event as AgentEvent);
    const outputs = events.flatMap((event) => (event.type === "tool.result" ? [String(event.output)] : []));
    expect(outputs).toHaveLength(2);
    expect(outputs[0]).toContain("[p1 wrote: shared.txt]");
    expect(outputs[1]).toContain("[p2 wrote: shared.txt]");
    // Whoever finished second sees the first in its journal; the one that finished first may or may not.
    expect(outputs.join("\n")).toMatch(
      /also written by another sub-agent: session ses_sub\S+ \("task of p[12]"\): shared\.txt/,
    );
  });
});
