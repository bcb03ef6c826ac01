import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { AgentEvent, StoredEvent } from "../core/index.js";
import { recoverInterruptedCalls } from "./recovery.js";
import { applyEvent, emptyState } from "./session-state.js";
import { shell, suspendingAgent } from "./testing/approval-world.js";

async function all(events: AsyncIterable<StoredEvent>): Promise<AgentEvent[]> {
  const list: AgentEvent[] = [];
  for await (const { event } of events) list.push(event);
  return list;
}

/** A process's agent over the SQLite journal in `home`, suspending on the approval `touch made.txt` asks for. */
const agentIn = (home: string) => suspendingAgent(home, [shell("touch made.txt"), { text: "Made it." }]);

describe("a turn suspended on an approval", () => {
  it("ends its run holding nothing, and continues in another process with the answer", async () => {
    const home = tempDir("art-home-");
    const cwd = tempDir();
    const first = await agentIn(home);
    const suspended = await first.start("make the file", { cwd }).result;
    expect(suspended.status).toBe("awaiting-approval");
    const [waiting] = suspended.awaitingApprovals ?? [];
    expect(waiting).toMatchObject({
      tool: "shell",
      summary: "touch made.txt",
      sessionId: suspended.sessionId,
    });
    expect(existsSync(path.join(cwd, "made.txt"))).toBe(false);
    // Nothing held: the session is not running, and another agent over its own handle of the database (a second
    // process, as the lease sees it) takes it while this one is still open.
    expect((await first.session(suspended.sessionId))?.status).toBe("awaiting-approval");

    const second = await agentIn(home);
    await expect(
      second.resume(suspended.sessionId, { approval: { approvalId: "apr_nope", decision: "approve-once" } })
        .result,
    ).rejects.toMatchObject({ code: "input.invalid", message: expect.stringContaining("apr_nope") });
    const continued = await second.resume(suspended.sessionId, {
      approval: { approvalId: waiting!.approvalId, decision: "approve-once", by: "reviewer@example.com" },
    }).result;
    expect(continued.status).toBe("completed");
    expect(continued.finalMessage).toBe("Made it.");
    expect(existsSync(path.join(cwd, "made.txt"))).toBe(true);
    const events = await all(second.journal.read(suspended.sessionId));
    const kinds = events.map((event) => event.type);
    // Asked once, answered once, started once (durably, before it ran), one result.
    expect(kinds.filter((type) => type === "approval.requested")).toHaveLength(1);
    expect(events.filter((event) => event.type === "approval.decided")).toEqual([
      expect.objectContaining({ decision: "approve-once", by: "reviewer@example.com" }),
    ]);
    expect(kinds.indexOf("tool.started")).toBeGreaterThan(kinds.indexOf("approval.decided"));
    expect(kinds.indexOf("tool.result")).toBeGreaterThan(kinds.indexOf("tool.started"));
    expect(kinds.filter((type) => type === "tool.result")).toHaveLength(1);
    await expect(
      second.resume(suspended.sessionId, { approval: { approvalId: waiting!.approvalId, decision: "deny" } })
        .result,
    ).rejects.toMatchObject({ code: "input.invalid" });
    await second.close();
    await first.close();
  });

  it("a deny from the approver tells the model the user denied it, and the turn goes on", async () => {
    const home = tempDir("art-home-");
    const agent = await agentIn(home);
    const suspended = await agent.start("make the file", { cwd: tempDir() }).result;
    const approvalId = suspended.awaitingApprovals![0]!.approvalId;
    const denied = await agent.resume(suspended.sessionId, { approval: { approvalId, decision: "deny" } })
      .result;
    expect(denied.status).toBe("completed");
    const result = (await all(agent.journal.read(suspended.sessionId))).find(
      (event) => event.type === "tool.result",
    );
    expect(result).toMatchObject({ ok: false, output: expect.stringContaining("the user denied it") });
    await agent.close();
  });

  it("resumed without an answer, it suspends again on the same approval, asking nothing new", async () => {
    const home = tempDir("art-home-");
    const agent = await agentIn(home);
    const suspended = await agent.start("make the file", { cwd: tempDir() }).result;
    const again = await agent.resume(suspended.sessionId).result;
    expect(again.status).toBe("awaiting-approval");
    expect(again.awaitingApprovals?.map((item) => item.approvalId)).toEqual([
      suspended.awaitingApprovals![0]!.approvalId,
    ]);
    const events = await all(agent.journal.read(suspended.sessionId));
    expect(events.filter((event) => event.type === "approval.requested")).toHaveLength(1);
    await agent.close();
  });
});

describe("the fold of an answer given while suspended", () => {
  const asked = [
    { type: "turn.started", turnId: "t1", turn: 0, input: "go" },
    { type: "step.started", turnId: "t1", step: 0 },
    { type: "tool.call", turnId: "t1", callId: "c1", name: "shell", arguments: { command: "make" } },
    {
      type: "step.completed",
      turnId: "t1",
      step: 0,
      text: "",
      finishReason: "tool-calls",
      usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0 },
    },
    {
      type: "approval.requested",
      turnId: "t1",
      callId: "c1",
      approvalId: "apr_1",
      tool: "shell",
      summary: "make",
      reason: "asks",
      details: {},
    },
    { type: "session.ended", reason: "awaiting-approval" },
    {
      type: "approval.decided",
      turnId: "t1",
      callId: "c1",
      approvalId: "apr_1",
      decision: "approve-once",
      by: "api",
    },
  ] as AgentEvent[];

  it("keeps the call to run (it never started) until it is journaled as started; then a crash interrupts it", () => {
    const state = emptyState("ses_s");
    for (const event of asked) applyEvent(state, event);
    expect(state.pending.get("c1")?.answer).toEqual({ approvalId: "apr_1", decision: "approve-once" });
    expect(state.ended).toBeUndefined();
    applyEvent(state, { type: "tool.started", turnId: "t1", callId: "c1" });
    expect(state.pending.get("c1")?.answer).toBeUndefined();
  });

  it("recovery leaves an answered, unstarted call to run and interrupts a started one: never run twice", async () => {
    const appended: AgentEvent[] = [];
    const sessionOf = (events: AgentEvent[]) => {
      const state = emptyState("ses_s");
      for (const event of events) applyEvent(state, event);
      return {
        state,
        append: (event: AgentEvent) => {
          appended.push(event);
          applyEvent(state, event);
        },
        flush: async () => {},
      } as unknown as Parameters<typeof recoverInterruptedCalls>[0];
    };
    expect(await recoverInterruptedCalls(sessionOf(asked))).toBe(0);
    const started = [...asked, { type: "tool.started", turnId: "t1", callId: "c1" } as AgentEvent];
    expect(await recoverInterruptedCalls(sessionOf(started))).toBe(1);
    expect(appended).toEqual([
      expect.objectContaining({ type: "tool.result", callId: "c1", interrupted: true }),
    ]);
  });
});
