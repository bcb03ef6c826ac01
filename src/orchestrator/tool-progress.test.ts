import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { AgentEvent, StoredEvent } from "../core/index.js";
import {
  type ModelClient,
  type ModelRequest,
  scriptedModelFromResponses,
  toProviderPrompt,
} from "../model/index.js";
import { openSqliteJournal } from "../store/index.js";
import { type Tool, type ToolContext, type ToolOutput, tool } from "../tools/index.js";
import { Agent } from "./agent.js";

async function all(events: AsyncIterable<StoredEvent>): Promise<AgentEvent[]> {
  const list: AgentEvent[] = [];
  for await (const stored of events) list.push(stored.event);
  return list;
}

function probe(execute: (context: ToolContext) => Promise<ToolOutput>): Tool<unknown> {
  return tool({
    name: "probe",
    description: "does what the test says",
    inputSchema: z.object({}),
    effects: "write",
    execute: (_args, context) => execute(context),
  });
}

/**
 * Runs one turn in which the model calls `probe` once, in a SQLite journal; closes it, then resumes the session
 * from a fresh agent on the same file with a follow-up, the way a later process would. Returns both runs and the
 * whole journal as read back.
 */
async function runThenResume(probeTool: Tool<unknown>) {
  const home = tempDir("art-home-");
  const file = path.join(home, "art.db");
  const scripted = scriptedModelFromResponses(
    [{ toolCalls: [{ name: "probe", arguments: {} }] }, { text: "done" }, { text: "and again" }],
    { spec: "scripted:test" },
  );
  // Every request the model is sent, to check what it reads of the results.
  const requests: ModelRequest[] = [];
  const model: ModelClient = {
    spec: scripted.spec,
    contextWindow: scripted.contextWindow,
    stream: (request, signal) => {
      requests.push(request);
      return scripted.stream(request, signal);
    },
  };
  const options = {
    model,
    artHome: home,
    sandbox: "full-access" as const,
    checkpoints: false,
    tools: [probeTool],
  };
  const writer = await Agent.create({ ...options, journal: openSqliteJournal({ path: file }) });
  const first = await writer.start("go", { cwd: tempDir() }).result;
  await writer.journal.close();
  const journal = openSqliteJournal({ path: file });
  const reader = await Agent.create({ ...options, journal });
  const resumed = await reader.resume(first.sessionId, { message: "more" }).result;
  const events = await all(journal.read(first.sessionId));
  await journal.close();
  const result = events.find((event) => event.type === "tool.result");
  return { first, resumed, events, result, requests };
}

const cyclic = (): unknown => {
  const value: Record<string, unknown> = { step: 1 };
  value.self = value;
  return value;
};

describe("a tool's progress reaches the journal only through the typed channel", () => {
  it("a malformed progress payload fails the call with a clear error and the session stays resumable", async () => {
    // Before the typed channel, a tool could emit any object through ToolContext.emit: the run completed and every
    // later resume of the session failed with store.corrupt_event.
    const { first, resumed, events, result } = await runThenResume(
      probe(async (context) => {
        context.progress.report({ message: "halfway", data: cyclic() });
        return "not reached";
      }),
    );
    expect(first.status).toBe("completed");
    expect(resumed).toMatchObject({ status: "completed", finalMessage: "and again" });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "tool.invalid_progress" },
      output: expect.stringContaining("refers back to itself (a cycle)"),
    });
    expect(events.some((event) => event.type === "progress.reported")).toBe(false);
  });

  it("a tool that catches the refusal and goes on still fails: its progress was not what it said", async () => {
    const { resumed, events, result } = await runThenResume(
      probe(async (context) => {
        context.progress.report({ message: "fine" });
        try {
          context.progress.report({ data: { when: new Date(0) } });
        } catch {
          // swallowed on purpose
        }
        try {
          context.progress.plan({ plan: [{ step: 7 as unknown as string, status: "pending" }] });
        } catch {
          // swallowed on purpose
        }
        return "finished anyway";
      }),
    );
    expect(resumed.status).toBe("completed");
    expect(result).toMatchObject({
      ok: false,
      error: { code: "tool.invalid_progress", message: expect.stringContaining("Date object") },
    });
    expect(events.filter((event) => event.type === "progress.reported")).toEqual([
      { type: "progress.reported", turnId: expect.any(String), callId: expect.any(String), message: "fine" },
    ]);
    expect(events.some((event) => event.type === "plan.updated")).toBe(false);
  });

  it("there is no raw emit any more: a tool reaching for it fails its call, and nothing it made is stored", async () => {
    const { resumed, result, events } = await runThenResume(
      probe(async (context) => {
        const raw = context as unknown as { emit: (event: unknown) => void };
        raw.emit({ type: "plan.updated", turnId: context.turnId, plan: [{ step: 1 }] });
        return "not reached";
      }),
    );
    expect(resumed.status).toBe("completed");
    expect(result).toMatchObject({ ok: false, output: expect.stringMatching(/^Tool failed: .*emit/) });
    expect(events.some((event) => event.type === "plan.updated")).toBe(false);
  });

  it("a valid report is journaled for the call, with data exactly as given", async () => {
    const data = { done: 3, of: 10, files: ["a.ts", "b.ts"], ratio: 0.3, nested: { ok: true, none: null } };
    const { resumed, events, result } = await runThenResume(
      probe(async (context) => {
        context.progress.report({ message: "3 of 10", data });
        return "ok";
      }),
    );
    expect(resumed.status).toBe("completed");
    const call = events.find((event) => event.type === "tool.call");
    expect(events.filter((event) => event.type === "progress.reported")).toEqual([
      {
        type: "progress.reported",
        turnId: (call as { turnId: string }).turnId,
        callId: (call as { callId: string }).callId,
        message: "3 of 10",
        data,
      },
    ]);
    expect(result).toMatchObject({ ok: true, output: "ok" });
  });

  it("a result that cannot be journaled fails the call (tool.invalid_result), and the session stays resumable", async () => {
    const { resumed, result } = await runThenResume(
      probe(async () => ({ content: [{ type: "json", value: cyclic() as never }] })),
    );
    expect(resumed.status).toBe("completed");
    expect(result).toMatchObject({ ok: false, error: { code: "tool.invalid_result" } });
  });
});

describe("results with JSON and images", () => {
  const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex").toString("base64");

  it("journals the parts beside their text rendering, and the model reads them back after a resume", async () => {
    const { resumed, result, events, requests } = await runThenResume(
      probe(async () => ({
        content: [
          { type: "text", text: "Screenshot taken." },
          { type: "json", value: { width: 1, height: 1 } },
          { type: "image", data: PNG, mediaType: "image/png" },
        ],
      })),
    );
    expect(resumed.status).toBe("completed");
    expect(result).toEqual({
      type: "tool.result",
      turnId: expect.any(String),
      callId: expect.any(String),
      name: "probe",
      ok: true,
      output: `Screenshot taken.\n{"width":1,"height":1}\n[image: image/png, 16 bytes]`,
      truncated: false,
      interrupted: false,
      content: [
        { type: "text", text: "Screenshot taken." },
        { type: "json", value: { width: 1, height: 1 } },
        { type: "image", data: PNG, mediaType: "image/png" },
      ],
    });
    expect(events.at(-1)).toEqual({ type: "session.ended", reason: "completed" });
    // The resumed process rebuilt the conversation from the journal: the model gets the image as an image.
    const prompt = toProviderPrompt(requests.at(-1)!);
    const answer = prompt.find((message) => message.role === "tool");
    expect(answer?.content).toEqual([
      {
        type: "tool-result",
        toolCallId: expect.any(String),
        toolName: "probe",
        output: {
          type: "content",
          value: [
            { type: "text", text: "Screenshot taken." },
            { type: "text", text: `{"width":1,"height":1}` },
            { type: "image-data", data: PNG, mediaType: "image/png" },
          ],
        },
      },
    ]);
  });

  it("refuses an image that is not base64 instead of storing it", async () => {
    const { result } = await runThenResume(
      probe(async () => ({ content: [{ type: "image", data: "not base64!", mediaType: "image/png" }] })),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: "tool.invalid_result", message: expect.stringContaining("not base64") },
    });
  });
});
