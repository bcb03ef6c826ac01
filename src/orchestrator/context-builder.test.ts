import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import type { ModelClient, ModelRequest } from "../model/index.js";
import { scriptedModelFromResponses } from "../model/index.js";
import { MemoryJournal } from "../store/index.js";
import { Agent } from "./agent.js";
import { ContextBuilder, type ContextBuilderOptions } from "./context-builder.js";
import type { ContextInput } from "./context-provider.js";
import { LiveSession } from "./live-session.js";
import { emptyState } from "./session-state.js";

/** A session with one started turn, journaled in memory. */
async function sessionWithTurn(cwd: string): Promise<LiveSession> {
  const journal = new MemoryJournal();
  const session = new LiveSession(emptyState("ses_context"), journal, await journal.acquire("ses_context"));
  await session.append(
    {
      type: "session.started",
      cwd,
      settings: {
        model: "scripted:test",
        sandbox: "full-access",
        network: "none",
        approval: "never",
        writableRoots: [],
      },
    },
    { type: "turn.started", turnId: "turn_1", turn: 0, input: "the task" },
  );
  return session;
}

function builderFor(session: LiveSession, providers?: ContextBuilderOptions["providers"]) {
  return new ContextBuilder({
    session,
    // Never asked: nothing here is over the threshold (a call would fail, the script is empty).
    model: scriptedModelFromResponses([]),
    turnId: "turn_1",
    signal: new AbortController().signal,
    systemPrompt: () => "the system prompt",
    tools: [],
    compactAtTokens: 10_000,
    ...(providers ? { providers } : {}),
  });
}

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

  it("has no context providers by default: the request is the journaled conversation", async () => {
    const session = await sessionWithTurn(tempDir());
    const request = await builderFor(session).build();
    expect(request).toEqual({ system: "the system prompt", items: session.state.items, tools: [] });
  });

  it("adds context providers' items after the conversation for that request only, never to the journal", async () => {
    const cwd = tempDir();
    const session = await sessionWithTurn(cwd);
    const seen: ContextInput[] = [];
    const builder = builderFor(session, [
      async (input) => {
        seen.push(input);
        return [{ type: "user", text: "Remembered: the tests live in test/." }];
      },
      async () => [{ type: "user", text: "Remembered: use pnpm." }],
    ]);
    const request = await builder.build();
    expect(request.items).toEqual([
      { type: "user", text: "the task" },
      { type: "user", text: "Remembered: the tests live in test/." },
      { type: "user", text: "Remembered: use pnpm." },
    ]);
    expect(seen).toEqual([
      {
        sessionId: "ses_context",
        turnId: "turn_1",
        step: 0,
        cwd,
        input: "the task",
        items: [{ type: "user", text: "the task" }],
        signal: expect.any(AbortSignal),
      },
    ]);
    expect(session.state.items).toEqual([{ type: "user", text: "the task" }]);
    const journaled = [];
    for await (const stored of session.journal.read(session.id)) journaled.push(stored.event.type);
    expect(journaled).toEqual(["session.started", "turn.started"]);
  });
});
