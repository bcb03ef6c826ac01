import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { AgentEvent, StoredEvent } from "../core/index.js";
import { AcpRequestError, AcpSessionNotFoundError } from "./errors/index.js";
import { EventUpdates } from "./event-updates.js";
import { mcpServersFromAcp } from "./mcp-servers.js";
import { modeStateOf, sandboxModeOf } from "./modes.js";
import { approvalAnswerOf, PERMISSION_OPTIONS } from "./permission.js";
import { promptText } from "./prompt-text.js";
import { stopReasonOf } from "./stop-reason.js";
import { RESOURCE_NOT_FOUND, toProtocolError } from "./to-protocol-error.js";
import { patchPaths, toolKindOf, toolTitleOf } from "./tool-kind.js";

let seq = 0;
function stored(event: AgentEvent): StoredEvent {
  seq += 1;
  return { sessionId: "ses_t", seq, time: 0, v: 3, event };
}

describe("event updates", () => {
  it("an applied patch completes with the file's real before and after text", () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, "a.txt"), "old\n");
    const updates = new EventUpdates({ cwd, mode: "live", contextWindow: 1000 });
    const patch = "*** Begin Patch\n*** Update File: a.txt\n@@\n-old\n+new\n*** End Patch\n";
    const [call] = updates.updatesOf(
      stored({ type: "tool.call", turnId: "t", callId: "c1", name: "apply_patch", arguments: { patch } }),
    );
    expect(call).toMatchObject({
      sessionUpdate: "tool_call",
      kind: "edit",
      title: "Patch a.txt",
      locations: [{ path: path.join(cwd, "a.txt") }],
    });
    writeFileSync(path.join(cwd, "a.txt"), "new\n");
    const [done] = updates.updatesOf(
      stored({
        type: "tool.result",
        turnId: "t",
        callId: "c1",
        name: "apply_patch",
        ok: true,
        output: "M a.txt",
        truncated: false,
        interrupted: false,
      }),
    );
    expect(done).toMatchObject({ sessionUpdate: "tool_call_update", status: "completed" });
    const content = (done as { content: unknown[] }).content;
    expect(content[0]).toEqual({
      type: "diff",
      path: path.join(cwd, "a.txt"),
      oldText: "old\n",
      newText: "new\n",
    });
  });

  it("maps deltas, thoughts, plans and usage; the user's message only when replaying", () => {
    const live = new EventUpdates({ cwd: "/w", mode: "live", contextWindow: 200 });
    const replay = new EventUpdates({ cwd: "/w", mode: "replay", contextWindow: 200 });
    const turn = stored({ type: "turn.started", turnId: "t", turn: 0, input: "hi" });
    expect(live.updatesOf(turn)).toEqual([]);
    expect(replay.updatesOf(turn)).toEqual([
      { sessionUpdate: "user_message_chunk", content: { type: "text", text: "hi" } },
    ]);
    expect(live.updatesOf(stored({ type: "reasoning.delta", turnId: "t", delta: "hmm" }))).toEqual([
      { sessionUpdate: "agent_thought_chunk", content: { type: "text", text: "hmm" } },
    ]);
    expect(
      live.updatesOf(
        stored({
          type: "plan.updated",
          turnId: "t",
          plan: [
            { step: "look", status: "completed" },
            { step: "fix", status: "in_progress" },
          ],
        }),
      ),
    ).toEqual([
      {
        sessionUpdate: "plan",
        entries: [
          { content: "look", priority: "medium", status: "completed" },
          { content: "fix", priority: "medium", status: "in_progress" },
        ],
      },
    ]);
    const usage = { inputTokens: 50, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0 };
    expect(
      live.updatesOf(
        stored({ type: "step.completed", turnId: "t", step: 0, text: "", finishReason: "stop", usage }),
      ),
    ).toEqual([{ sessionUpdate: "usage_update", used: 60, size: 200 }]);
  });

  it("an interrupted call is failed", () => {
    const updates = new EventUpdates({ cwd: "/w", mode: "replay", contextWindow: 1 });
    updates.updatesOf(
      stored({
        type: "tool.call",
        turnId: "t",
        callId: "c",
        name: "shell",
        arguments: { command: "sleep 9" },
      }),
    );
    const [update] = updates.updatesOf(
      stored({
        type: "tool.result",
        turnId: "t",
        callId: "c",
        name: "shell",
        ok: true,
        output: "",
        truncated: false,
        interrupted: true,
      }),
    );
    expect(update).toMatchObject({ status: "failed" });
  });
});

describe("tool kinds and titles", () => {
  it("gives each built-in tool its ACP kind and MCP tools one from their verb", () => {
    expect(toolKindOf("shell")).toBe("execute");
    expect(toolKindOf("read_file")).toBe("read");
    expect(toolKindOf("grep")).toBe("search");
    expect(toolKindOf("apply_patch")).toBe("edit");
    expect(toolKindOf("mcp__web__fetch_page")).toBe("fetch");
    expect(toolKindOf("mcp__everything__echo")).toBe("other");
    expect(toolKindOf("my_tool")).toBe("other");
    expect(toolTitleOf("shell", { command: "ls -la" })).toBe("ls -la");
    expect(patchPaths("*** Add File: x.ts\n+a\n*** Delete File: y.ts\n")).toEqual(["x.ts", "y.ts"]);
    expect(patchPaths("--- a/z.ts\n+++ b/z.ts\n@@\n")).toEqual(["z.ts"]);
  });
});

describe("permission answers", () => {
  it("maps each offered option to our answer; anything else is a denial, cancelled stops the turn", () => {
    expect(PERMISSION_OPTIONS.map((option) => option.kind)).toEqual([
      "allow_once",
      "allow_always",
      "reject_once",
    ]);
    const selected = (optionId: string) => approvalAnswerOf({ outcome: { outcome: "selected", optionId } });
    expect(selected("approve-once")).toBe("approve-once");
    expect(selected("approve-always")).toBe("approve-always");
    expect(selected("deny")).toBe("deny");
    expect(selected("approve-session-forever")).toBe("deny");
    expect(approvalAnswerOf({ outcome: { outcome: "cancelled" } })).toBe("abort");
  });
});

describe("editor MCP servers", () => {
  it("become config entries under names our config accepts", () => {
    const config = mcpServersFromAcp([
      { name: "My Server", command: "node", args: ["s.js"], env: [{ name: "K", value: "v" }] },
      { name: "My Server", command: "node", args: [], env: [] },
      {
        type: "http",
        name: "remote",
        url: "https://example.com/mcp",
        headers: [{ name: "X-A", value: "1" }],
      },
    ]);
    expect(config).toEqual({
      My_Server: { command: "node", args: ["s.js"], env: { K: "v" } },
      My_Server_2: { command: "node" },
      remote: { url: "https://example.com/mcp", http_headers: { "X-A": "1" } },
    });
    expect(() =>
      mcpServersFromAcp([{ type: "sse", name: "old", url: "https://example.com/sse", headers: [] }]),
    ).toThrow(AcpRequestError);
  });
});

describe("modes, prompts, stop reasons and errors", () => {
  it("offers the sandbox modes and refuses others", () => {
    expect(modeStateOf("read-only").currentModeId).toBe("read-only");
    expect(sandboxModeOf("full-access")).toBe("full-access");
    expect(sandboxModeOf("yolo")).toBeUndefined();
  });

  it("joins text and embedded files into the turn's message", () => {
    expect(
      promptText([
        { type: "text", text: "fix this" },
        { type: "resource", resource: { uri: "file:///w/a.ts", text: "let a" } },
      ]),
    ).toBe('fix this\n\n<file uri="file:///w/a.ts">\nlet a\n</file>');
  });

  it("maps run endings to stop reasons", () => {
    const base = {
      sessionId: "s",
      finalMessage: "",
      usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 },
      durationMs: 0,
    };
    expect(stopReasonOf({ ...base, status: "completed" })).toBe("end_turn");
    expect(stopReasonOf({ ...base, status: "interrupted" })).toBe("cancelled");
    expect(
      stopReasonOf({
        ...base,
        status: "failed",
        error: { code: "turn.max_steps", message: "" },
      }),
    ).toBe("max_turn_requests");
    expect(
      stopReasonOf({
        ...base,
        status: "failed",
        error: { code: "model.auth", message: "" },
      }),
    ).toBeUndefined();
  });

  it("turns an unknown session into resource-not-found and hides stacks", () => {
    expect(toProtocolError(new AcpSessionNotFoundError("ses_x", true)).code).toBe(RESOURCE_NOT_FOUND);
    const internal = toProtocolError(new TypeError("boom"));
    expect(internal.code).toBe(-32603);
    expect(internal.message).toBe("internal error: boom");
  });
});
