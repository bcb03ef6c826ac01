import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import { scriptedModelFromResponses } from "../model/index.js";
import { openSqliteJournal } from "../store/index.js";
import { Agent } from "./agent.js";
import { applyEvent, emptyState } from "./session-state.js";
import { scriptedApprover, shell, suspendingAgent } from "./testing/approval-world.js";

/**
 * Attacks on "approve for this session": the first command is approved for the session, then the model tries
 * `attack` in the same turn. Every later question is denied, so the attack runs only if the grants let it through.
 */
async function afterApproving(approved: string, attack: string) {
  const home = tempDir("art-home-");
  const cwd = tempDir();
  const { asked, onApproval } = scriptedApprover(["approve-session"]);
  const agent = await Agent.create({
    model: scriptedModelFromResponses([shell(approved), shell(attack), { text: "done" }], {
      spec: "scripted:test",
    }),
    artHome: home,
    sandbox: "full-access",
    approval: "untrusted",
    checkpoints: false,
    onApproval,
    env: { ...process.env, HOME: home },
    journal: openSqliteJournal({ path: path.join(home, "art.db") }),
  });
  const result = await agent.start("go", { cwd }).result;
  await agent.journal.close();
  return { asked, result, cwd };
}

describe("approve-session grants do not broaden", () => {
  it.each([
    ["another argument to an approved program", "touch a.txt && touch b.txt", "touch a.txt pwned"],
    ["a chained command after an approved one", "touch a.txt && touch b.txt", "touch a.txt; touch pwned"],
    ["a command substitution inside an approved argv", "touch a.txt", "touch a.txt $(touch pwned)"],
    ["a backtick substitution", "touch a.txt", "touch a.txt `touch pwned`"],
    ["a newline-separated second command", "touch a.txt", "touch a.txt\ntouch pwned"],
    ["a pipe into an unapproved program", "touch a.txt", "touch a.txt | touch pwned"],
    ["a redirect added to an approved command", "touch a.txt", "touch a.txt > pwned"],
  ])("%s asks again (and is denied)", async (_label, approved, attack) => {
    const { asked, result, cwd } = await afterApproving(approved, attack);
    expect(result.status).toBe("completed");
    expect(asked).toEqual([approved, attack]);
    expect(existsSync(path.join(cwd, "pwned"))).toBe(false);
  });

  it("a long approved command does not let a different command with the same first 500 characters through", async () => {
    // Summaries are cut at 500 characters: an exact-repeat grant of a cut summary would match any command that
    // starts the same way, whatever follows.
    const padding = `${"x".repeat(600)}`;
    const approved = `echo ${padding} && touch a.txt`;
    const attack = `echo ${padding} && touch pwned`;
    const { asked, cwd } = await afterApproving(approved, attack);
    expect(asked).toHaveLength(2);
    expect(existsSync(path.join(cwd, "pwned"))).toBe(false);
  });
});

describe("forged and mismatched answers", () => {
  it("an approvalId of another suspended session is refused and runs nothing in either", async () => {
    const home = tempDir("art-home-");
    const cwdA = tempDir();
    const cwdB = tempDir();
    const agent = await suspendingAgent(home, [
      shell("touch a.txt"),
      { text: "A" },
      shell("touch b.txt"),
      { text: "B" },
    ]);
    const a = await agent.start("a", { cwd: cwdA }).result;
    const b = await agent.start("b", { cwd: cwdB }).result;
    expect([a.status, b.status]).toEqual(["awaiting-approval", "awaiting-approval"]);
    const approvalOfB = b.awaitingApprovals![0]!.approvalId;
    await expect(
      agent.resume(a.sessionId, { approval: { approvalId: approvalOfB, decision: "approve-once" } }).result,
    ).rejects.toMatchObject({ code: "input.invalid" });
    expect(existsSync(path.join(cwdA, "a.txt"))).toBe(false);
    expect(existsSync(path.join(cwdB, "b.txt"))).toBe(false);
    await agent.close();
  });
});

describe("after a fork", () => {
  it("a fork of a suspended session does not carry its open approval: the original's approvalId is refused there", async () => {
    const home = tempDir("art-home-");
    const cwd = tempDir();
    const agent = await suspendingAgent(home, [shell("touch made.txt"), { text: "made" }]);
    const suspended = await agent.start("make it", { cwd }).result;
    const approvalId = suspended.awaitingApprovals![0]!.approvalId;
    const forked = await agent.fork(suspended.sessionId);
    const outcome = await agent
      .resume(forked, { approval: { approvalId, decision: "approve-once" } })
      .result.then(
        (result) => result.status,
        (error: { code?: string }) => error.code,
      );
    expect(outcome).toBe("input.invalid");
    expect(existsSync(path.join(cwd, "made.txt"))).toBe(false);
    await agent.close();
  });
});

describe("two answers appended for one approval", () => {
  it("only the first counts: a deny followed by an approve-session grants nothing", () => {
    // Two processes (a TTY prompt and an HTTP call) may both append an answer; the journal keeps both.
    const state = emptyState("ses_twice");
    applyEvent(state, {
      type: "approval.requested",
      turnId: "t1",
      callId: "c1",
      approvalId: "apr_1",
      tool: "shell",
      summary: "rm -rf build",
      reason: "asks",
      details: {},
      grants: [{ kind: "prefix", pattern: ["rm", "-rf", "build"], exact: true }],
    });
    for (const decision of ["deny", "approve-session"] as const)
      applyEvent(state, {
        type: "approval.decided",
        approvalId: "apr_1",
        callId: "c1",
        decision,
        by: "user",
      });
    expect(state.sessionGrants).toEqual([]);
  });
});

describe("resumed with a message while suspended", () => {
  it("never runs the waiting call without its answer", async () => {
    const home = tempDir("art-home-");
    const cwd = tempDir();
    const agent = await suspendingAgent(home, [shell("touch made.txt"), { text: "made" }, { text: "more" }]);
    const suspended = await agent.start("make it", { cwd }).result;
    expect(suspended.status).toBe("awaiting-approval");
    // Whatever the run does with the message (refuse it, or suspend again), the call must not run unanswered.
    await agent
      .resume(suspended.sessionId, { message: "go on without asking" })
      .result.catch(() => undefined);
    expect(existsSync(path.join(cwd, "made.txt"))).toBe(false);
    await agent.close();
  });
});
