import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { AgentDefinitionRecord, StoredEvent } from "../core/index.js";
import { MemoryJournal } from "../store/index.js";
import { tool } from "../tools/index.js";
import { defineAgent } from "./agent-definition.js";
import { Runtime } from "./runtime.js";
import { recordingModel } from "./testing/recording-model.js";

/** A tool that answers with its own name and the session's task, without spawning anything. */
function echoTool(name: string) {
  return tool({
    name,
    description: `Echoes for ${name}.`,
    inputSchema: z.object({ note: z.string() }),
    effects: "read",
    async execute({ note }) {
      return `${name}:${note}`;
    },
  });
}

const KINDS = ["alpha", "beta", "gamma"] as const;
const SESSIONS = 300;

describe("one Runtime, three definitions, 300 concurrent sessions", () => {
  it("each session's journal and model requests carry its own definition's prompt and tools; no cross-talk", async () => {
    const runtime = await Runtime.open({
      journal: new MemoryJournal(),
      artHome: tempDir("art-home-"),
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("art-user-") },
    });
    const cwd = tempDir();
    const setups = KINDS.map((kind) => {
      const model = recordingModel(
        [{ toolCalls: [{ name: `${kind}_tool`, arguments: { note: kind } }] }, { text: `${kind} done` }],
        `scripted:${kind}`,
      );
      const agent = defineAgent({
        name: kind,
        model,
        prompt: `You are agent ${kind}.`,
        tools: {
          builtins: kind === "alpha" ? ["read_file"] : kind === "beta" ? "none" : ["grep", "list_dir"],
          extra: [echoTool(`${kind}_tool`)],
        },
        sandbox: "full-access",
        checkpoints: false,
      });
      return { kind, model, agent };
    });
    const runs = Array.from({ length: SESSIONS }, (_, index) => {
      const setup = setups[index % KINDS.length]!;
      return { setup, run: runtime.run(setup.agent, `task ${index} for ${setup.kind}`, { cwd }) };
    });
    const results = await Promise.all(runs.map(({ run }) => run.result));
    expect(results.filter((result) => result.status !== "completed")).toEqual([]);

    for (const [index, { setup, run }] of runs.entries()) {
      const events: StoredEvent["event"][] = [];
      for await (const { event } of runtime.subscribe(run.sessionId)) events.push(event);
      const started = events[0];
      const definition: AgentDefinitionRecord | undefined =
        started?.type === "session.started" ? started.definition : undefined;
      const expectedTools =
        setup.kind === "alpha"
          ? ["read_file", "alpha_tool"]
          : setup.kind === "beta"
            ? ["beta_tool"]
            : ["grep", "list_dir", "gamma_tool"];
      expect(definition).toMatchObject({ name: setup.kind, systemPrompt: `You are agent ${setup.kind}.` });
      expect(definition?.tools.map((tool) => tool.name)).toEqual(expectedTools);
      const results = events.filter((event) => event.type === "tool.result");
      expect(results).toMatchObject([
        { name: `${setup.kind}_tool`, ok: true, output: `${setup.kind}_tool:${setup.kind}` },
      ]);
      expect(events.at(-1)).toEqual({ type: "session.ended", reason: "completed" });
      const firstTurn = events.find((event) => event.type === "turn.started");
      expect(firstTurn).toMatchObject({ input: `task ${index} for ${setup.kind}` });
    }
    // Every request a definition's model answered came from one of its own sessions, under its own prompt and tools.
    for (const { kind, model, agent } of setups) {
      expect(model.seen).toHaveLength((SESSIONS / KINDS.length) * 2);
      for (const seen of model.seen) {
        expect(seen.task.endsWith(`for ${kind}`)).toBe(true);
        expect(seen.system.startsWith(`You are agent ${kind}.\n\n`)).toBe(true);
        expect(seen.tools.at(-1)).toBe(`${agent.name}_tool`);
      }
    }
    await runtime.close();
  });
});
