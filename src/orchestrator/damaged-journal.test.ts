import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { StoredEvent } from "../core/index.js";
import { scriptedModelFromResponses } from "../model/index.js";
import { openSqliteJournal } from "../store/index.js";
import { Agent } from "./agent.js";

async function all(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const list: StoredEvent[] = [];
  for await (const event of events) list.push(event);
  return list;
}

/** A two-turn session in a SQLite journal, then `damage` done to its file; returns a fresh agent on it. */
async function damagedSession(damage: (db: Database.Database, sessionId: string) => void) {
  const home = tempDir("art-home-");
  const file = path.join(home, "art.db");
  const options = {
    model: scriptedModelFromResponses([{ text: "First answer." }, { text: "Second answer." }], {
      spec: "scripted:test",
    }),
    artHome: home,
    sandbox: "full-access" as const,
    checkpoints: false,
  };
  const writer = await Agent.create({ ...options, journal: openSqliteJournal({ path: file }) });
  const { sessionId } = await writer.start("first", { cwd: tempDir() }).result;
  await writer.resume(sessionId, { message: "second" }).result;
  await writer.journal.close();
  const db = new Database(file);
  damage(db, sessionId);
  db.close();
  return { agent: await Agent.create({ ...options, journal: openSqliteJournal({ path: file }) }), sessionId };
}

const secondTurnStep = (db: Database.Database, sessionId: string): number =>
  db
    .prepare(
      "SELECT seq FROM events WHERE session_id = ? AND type = 'step.completed' ORDER BY seq DESC LIMIT 1",
    )
    .pluck()
    .get(sessionId) as number;

describe("a damaged session can be continued the way its error says", () => {
  it.each([
    [
      "a corrupt event",
      "store.corrupt_event",
      (db: Database.Database, id: string) => {
        db.prepare("UPDATE events SET payload = '{}' WHERE session_id = ? AND seq = ?").run(
          id,
          secondTurnStep(db, id),
        );
      },
    ],
    [
      "a deleted row",
      "store.seq_gap",
      (db: Database.Database, id: string) => {
        db.prepare("DELETE FROM events WHERE session_id = ? AND seq = ?").run(id, secondTurnStep(db, id));
      },
    ],
  ])(
    "%s in turn 1: resume fails with %s offering a fork at turn 1, and that fork works",
    async (_what, code, damage) => {
      const { agent, sessionId } = await damagedSession(damage);
      const failed = await agent
        .resume(sessionId, { message: "third" })
        .result.catch((error: unknown) => error);
      expect(failed).toMatchObject({ code, forkAtTurn: 1 });
      const advice = /art fork (\S+) --at-turn (\d+)/.exec((failed as Error).message);
      expect(advice?.[1]).toBe(sessionId);
      const forkId = await agent.fork(advice![1]!, { atTurn: Number(advice![2]) });
      const forked = await all(agent.events(forkId));
      expect(forked.map((event) => event.seq)).toEqual(forked.map((_, index) => index + 1));
      expect(forked.filter((event) => event.event.type === "turn.started")).toHaveLength(1);
      expect((await agent.session(forkId))?.status).toBe("forked");
      await agent.close();
    },
  );
});
