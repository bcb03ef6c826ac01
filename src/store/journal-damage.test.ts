import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { AgentEvent } from "../core/index.js";
import { CorruptEventError, openSqliteJournal, SeqGapError } from "./index.js";
import { collect, delta, started, turn } from "./testing/sample-events.js";
import { makeTempDir } from "./testing/temp-dir.js";

const temp = makeTempDir();
afterAll(() => temp.remove());
let counter = 0;

/** A stored two-turn session `s` (seqs 1..7), closed, with `damage` then done to the file. */
async function damagedJournal(damage: (db: Database.Database) => void) {
  const file = path.join(temp.dir, `damage-${++counter}`, "art.db");
  const journal = openSqliteJournal({ path: file });
  const events: AgentEvent[] = [
    started(),
    turn(0, "first"),
    delta("one"),
    {
      type: "turn.completed",
      turnId: "turn-0",
      usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 },
    },
    turn(1, "second"),
    delta("two", "turn-1"),
    delta("three", "turn-1"),
  ];
  await journal.append("s", events);
  await journal.close();
  const db = new Database(file);
  damage(db);
  db.close();
  return openSqliteJournal({ path: file });
}

async function failureOf(read: AsyncIterable<unknown>): Promise<{ seen: number; error: unknown }> {
  let seen = 0;
  try {
    for await (const _ of read) seen++;
  } catch (error) {
    return { seen, error };
  }
  return { seen, error: undefined };
}

describe("a damaged journal is reported, with advice that works", () => {
  it("detects a deleted row (a seq gap) instead of folding around it", async () => {
    const journal = await damagedJournal((db) => db.prepare("DELETE FROM events WHERE seq = 6").run());
    const { seen, error } = await failureOf(journal.read("s"));
    expect(seen).toBe(5);
    expect(error).toBeInstanceOf(SeqGapError);
    expect(error).toMatchObject({
      code: "store.seq_gap",
      sessionId: "s",
      missingFrom: 6,
      found: 7,
      forkAtTurn: 1,
    });
    expect((error as Error).message).toContain("event 6 is missing");
    expect((error as Error).message).toContain("art fork s --at-turn 1");
    // Reading from past the gap is fine; reading from inside it is not.
    expect((await collect(journal.read("s", 7))).map((event) => event.seq)).toEqual([7]);
    await expect(collect(journal.read("s", 6))).rejects.toMatchObject({ code: "store.seq_gap" });
    await journal.close();
  });

  it("detects several deleted rows, and the first row missing", async () => {
    const journal = await damagedJournal((db) =>
      db.prepare("DELETE FROM events WHERE seq IN (1, 2, 3)").run(),
    );
    const { seen, error } = await failureOf(journal.read("s"));
    expect(seen).toBe(0);
    expect(error).toMatchObject({ code: "store.seq_gap", missingFrom: 1, found: 4, forkAtTurn: undefined });
    expect((error as Error).message).toContain("events 1..3 are missing");
    expect((error as Error).message).toContain("cannot be forked");
    await journal.close();
  });

  it("offers the fork at the start of the turn holding a corrupt event", async () => {
    const journal = await damagedJournal((db) =>
      db.prepare("UPDATE events SET payload = 'not json' WHERE seq = 6").run(),
    );
    const { error } = await failureOf(journal.read("s"));
    expect(error).toBeInstanceOf(CorruptEventError);
    expect(error).toMatchObject({ code: "store.corrupt_event", seq: 6, forkAtTurn: 1 });
    expect((error as Error).message).toContain("art fork s --at-turn 1");
    await journal.close();
  });
});
