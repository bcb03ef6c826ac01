import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { StoredEvent } from "../core/index.js";
import { scriptedModelFromResponses } from "../model/index.js";
import { openSqliteJournal } from "../store/index.js";
import { Agent } from "./agent.js";
import { applyEvent, emptyState } from "./session-state.js";
import { scriptedApprover, shell } from "./testing/approval-world.js";

async function all(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const list: StoredEvent[] = [];
  for await (const event of events) list.push(event);
  return list;
}

/**
 * A session in a SQLite journal under `approval: untrusted`, where every unknown command asks. Turn 1 approves
 * `touch a.txt && touch b.txt` for the session, then runs `touch a.txt` alone; turn 2 (run by `second`, a new
 * agent over the same database when `restart`) runs `touch b.txt` alone, then `touch c.txt`.
 */
async function grantedSession(restart: boolean) {
  const home = tempDir("art-home-");
  const cwd = tempDir();
  const { asked, onApproval } = scriptedApprover(["approve-session"]);
  const options = {
    model: scriptedModelFromResponses(
      [
        shell("touch a.txt && touch b.txt"),
        shell("touch a.txt"),
        { text: "Turn one done." },
        shell("touch b.txt"),
        shell("touch c.txt"),
        { text: "Turn two done." },
      ],
      { spec: "scripted:test" },
    ),
    artHome: home,
    sandbox: "full-access" as const,
    approval: "untrusted" as const,
    checkpoints: false,
    onApproval,
    env: { ...process.env, HOME: home },
  };
  const file = path.join(home, "art.db");
  const first = await Agent.create({ ...options, journal: openSqliteJournal({ path: file }) });
  const { sessionId } = await first.start("one", { cwd }).result;
  const askedInTurnOne = [...asked];
  let second = first;
  if (restart) {
    await first.journal.close();
    second = await Agent.create({ ...options, journal: openSqliteJournal({ path: file }) });
  }
  const result = await second.resume(sessionId, { message: "two" }).result;
  const events = await all(second.journal.read(sessionId));
  await second.journal.close();
  return { asked, askedInTurnOne, result, events, cwd };
}

describe("approve for this session", () => {
  it.each([
    ["in the same process", false],
    ["after a restart", true],
  ])(
    "lets the same commands through %s, from the grants journaled with the request",
    async (_label, restart) => {
      const { asked, askedInTurnOne, result, events, cwd } = await grantedSession(restart);
      expect(result.status).toBe("completed");
      expect(askedInTurnOne).toEqual(["touch a.txt && touch b.txt"]);
      // `touch b.txt` was granted by the first answer; `touch c.txt` never was, so it asks (and is denied).
      expect(asked).toEqual(["touch a.txt && touch b.txt", "touch c.txt"]);
      expect(existsSync(path.join(cwd, "b.txt"))).toBe(true);
      expect(existsSync(path.join(cwd, "c.txt"))).toBe(false);
      const all = events.map(({ event }) => event);
      expect(all.find((event) => event.type === "approval.requested")).toMatchObject({
        summary: "touch a.txt && touch b.txt",
        grants: [
          { kind: "prefix", pattern: ["touch", "a.txt"], exact: true },
          { kind: "prefix", pattern: ["touch", "b.txt"], exact: true },
          { kind: "repeat", tool: "shell", summary: "touch a.txt && touch b.txt" },
        ],
      });
      const decisions = all.flatMap((event) => (event.type === "approval.decided" ? [event.decision] : []));
      expect(decisions).toEqual(["approve-session", "deny"]);
    },
  );
});

describe("answers to requests stored before grants were journaled", () => {
  it("fold into an exact repeat of the asked call, as those builds remembered it; deny grants nothing", () => {
    const state = emptyState("ses_old");
    const asked = (approvalId: string, summary: string) =>
      applyEvent(state, {
        type: "approval.requested",
        turnId: "t1",
        callId: `c_${approvalId}`,
        approvalId,
        tool: "shell",
        summary,
        reason: "asks",
        details: {},
      });
    asked("apr_1", "make deploy");
    applyEvent(state, {
      type: "approval.decided",
      approvalId: "apr_1",
      callId: "c_apr_1",
      decision: "approve-session",
      by: "user",
    });
    asked("apr_2", "rm -rf build");
    applyEvent(state, {
      type: "approval.decided",
      approvalId: "apr_2",
      callId: "c_apr_2",
      decision: "deny",
      by: "user",
    });
    expect(state.sessionGrants).toEqual([{ kind: "repeat", tool: "shell", summary: "make deploy" }]);
  });
});

describe("an answer appended by anyone", () => {
  it("grants what its request offered, so the answer alone (an HTTP call, another process) means the same", () => {
    const state = emptyState("ses_new");
    const offered = [
      { kind: "prefix" as const, pattern: ["make", "deploy"], exact: true },
      { kind: "repeat" as const, tool: "shell", summary: "make deploy" },
    ];
    applyEvent(state, {
      type: "approval.requested",
      turnId: "t1",
      callId: "c1",
      approvalId: "apr_1",
      tool: "shell",
      summary: "make deploy",
      reason: "asks",
      details: {},
      grants: offered,
    });
    expect(state.sessionGrants).toEqual([]);
    applyEvent(state, {
      type: "approval.decided",
      approvalId: "apr_1",
      callId: "c1",
      decision: "approve-always",
      by: "api",
    });
    expect(state.sessionGrants).toEqual(offered);
  });
});
