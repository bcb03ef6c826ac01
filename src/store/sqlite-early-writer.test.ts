// `startWriterEarly()`: an agent starts its journal's writer thread when it opens, so the thread's start-up overlaps
// the run's own set-up (bench/startup). Starting early must change nothing about what is stored, or when.
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteJournal } from "./index.js";
import { collect, delta, started, turn } from "./testing/sample-events.js";
import { makeTempDir } from "./testing/temp-dir.js";

const temp = makeTempDir();
afterAll(() => temp.remove());
let counter = 0;
const newPath = () => path.join(temp.dir, `journal-${++counter}`, "art.db");

describe("SqliteJournal.startWriterEarly", () => {
  for (const writer of ["thread", "inline"] as const) {
    it(`stores exactly what a journal without it stores (${writer} writer)`, async () => {
      const file = newPath();
      const journal = openSqliteJournal({ path: file, writer });
      journal.startWriterEarly();
      journal.startWriterEarly(); // a second call starts no second thread
      const events = [started(), turn(0, "go"), delta("a"), delta("b")];
      await journal.append("s", events);
      await journal.flush();
      // Durable once flushed: a connection of its own sees every event.
      const db = new Database(file, { readonly: true });
      expect(db.prepare("SELECT count(*) FROM events WHERE session_id = 's'").pluck().get()).toBe(4);
      db.close();
      await journal.close();
      const reopened = openSqliteJournal({ path: file, writer });
      expect((await collect(reopened.read("s"))).map((stored) => stored.event)).toEqual(events);
      await reopened.close();
    });
  }

  it("closes promptly when nothing was ever written", async () => {
    const journal = openSqliteJournal({ path: newPath() });
    journal.startWriterEarly();
    await journal.close();
    expect(() => journal.startWriterEarly()).toThrow();
  });
});
