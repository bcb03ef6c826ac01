import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import type { ModelClient, ModelRequest } from "../model/index.js";
import { scriptedModelFromResponses } from "../model/index.js";
import { MemoryJournal } from "../store/index.js";
import { Agent } from "./agent.js";

/** Passes requests through to `model`, keeping each one's system prompt. */
function recordingSystem(model: ModelClient, systems: string[]): ModelClient {
  return {
    spec: model.spec,
    contextWindow: model.contextWindow,
    stream(request: ModelRequest, signal: AbortSignal) {
      systems.push(request.system);
      return model.stream(request, signal);
    },
  };
}

describe("the context builder", () => {
  it("reads AGENTS.md once per turn: a turn keeps the version it started with, the next turn sees the new one", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "AGENTS.md": "Rule: version one.\n" });
    const systems: string[] = [];
    const scripted = scriptedModelFromResponses([
      // Turn 1 rewrites AGENTS.md in its first step, then takes two more steps.
      {
        toolCalls: [
          { name: "write_file", arguments: { path: "AGENTS.md", content: "Rule: version two.\n" } },
        ],
      },
      { toolCalls: [{ name: "read_file", arguments: { path: "AGENTS.md" } }] },
      { text: "Rewrote it." },
      // Turn 2.
      { text: "Following version two." },
    ]);
    const agent = await Agent.create({
      model: recordingSystem(scripted, systems),
      journal: new MemoryJournal(),
      artHome: tempDir("art-home-"),
      sandbox: "full-access",
      approval: "never",
      checkpoints: false,
    });
    const first = await agent.start("rewrite AGENTS.md", { cwd }).result;
    expect(first).toMatchObject({ status: "completed", finalMessage: "Rewrote it." });
    expect(readFileSync(path.join(cwd, "AGENTS.md"), "utf8")).toBe("Rule: version two.\n");
    const second = await agent.resume(first.sessionId, { message: "go on" }).result;
    expect(second).toMatchObject({ status: "completed", finalMessage: "Following version two." });

    expect(systems).toHaveLength(4);
    const firstTurn = systems.slice(0, 3);
    for (const system of firstTurn) {
      expect(system).toContain("Rule: version one.");
      expect(system).not.toContain("Rule: version two.");
    }
    // One prompt for the whole turn, byte for byte (the provider's prompt cache keeps its prefix).
    expect(new Set(firstTurn).size).toBe(1);
    expect(systems[3]).toContain("Rule: version two.");
    expect(systems[3]).not.toContain("Rule: version one.");
  });
});
