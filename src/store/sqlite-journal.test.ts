import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { EVENT_SCHEMA_VERSION, sleep } from "../core/index.js";
import { CorruptEventError, type Journal, openSqliteJournal, type SqliteJournal } from "./index.js";
import { collect, delta, runJournalContract, started, turn } from "./testing/index.js";
import { makeTempDir } from "./testing/temp-dir.js";

const temp = makeTempDir();
afterAll(() => temp.remove());
let counter = 0;
const newPath = () => path.join(temp.dir, `journal-${++counter}`, "art.db");

for (const writer of ["thread", "inline"] as const) {
  runJournalContract(`sqlite (${writer} writer)`, async ({ now }) => {
    const file = newPath();
    return {
      journal: openSqliteJournal({ path: file, now, writer }),
      reopen: async () => openSqliteJournal({ path: file, now, writer }),
      peer: async () => openSqliteJournal({ path: file, now, writer }),
    };
  });
}

/** Polls `read` until it returns `expected` (or times out), for commits made by another thread. */
async function eventually<T>(read: () => T, expected: T, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && read() !== expected) await sleep(5);
  expect(read()).toBe(expected);
}

describe.each(["thread", "inline"] as const)("SqliteJournal (%s writer)", (writer) => {
  const journals: Journal[] = [];
  const raws: Database.Database[] = [];
  function open(file: string, options: Partial<Parameters<typeof openSqliteJournal>[0]> = {}): SqliteJournal {
    const journal = openSqliteJournal({ path: file, writer, ...options });
    journals.push(journal);
    return journal;
  }
  function raw(file: string): Database.Database {
    const db = new Database(file);
    raws.push(db);
    return db;
  }
  const countEvents = (db: Database.Database) => db.prepare("SELECT count(*) FROM events").pluck().get();
  afterEach(async () => {
    for (const db of raws.splice(0)) if (db.open) db.close();
    for (const journal of journals.splice(0)) await journal.close().catch(() => {});
  });

  it("group-commits pending events after flushIntervalMs without a flush", async () => {
    const file = newPath();
    const journal = open(file, { flushIntervalMs: 10 });
    await journal.append("s", [started(), delta("a"), delta("b")]);
    const db = raw(file);
    expect(countEvents(db)).toBe(0);
    await eventually(() => countEvents(db), 3);
    expect(db.prepare("SELECT id, status FROM sessions").all()).toEqual([{ id: "s", status: "running" }]);
  });

  it("commits at once when the pending buffer passes its size", async () => {
    const file = newPath();
    const journal = open(file, { flushIntervalMs: 60_000, maxPendingEvents: 10 });
    await journal.append("s", [started()]);
    for (let i = 0; i < 24; i++) await journal.append("s", [delta(String(i))]);
    const db = raw(file);
    await eventually(() => countEvents(db), 20);
    await sleep(50);
    expect(countEvents(db)).toBe(20);
    const big = open(newPath(), { flushIntervalMs: 60_000, maxPendingBytes: 1_000 });
    await big.append("s", [started(), delta("x".repeat(2_000))]);
    const bigDb = raw(big.path);
    await eventually(() => countEvents(bigDb), 2);
  });

  it("reads events in every state (stored, being committed, pending) once each and in order", async () => {
    const file = newPath();
    const journal = open(file, { maxPendingEvents: 10 });
    await journal.append("s", [started()]);
    for (let i = 0; i < 100; i++) await journal.append("s", [delta(String(i))]);
    const seen: number[] = [];
    for await (const event of journal.read("s")) {
      seen.push(event.seq);
      if (event.seq % 25 === 0) {
        for (let i = 0; i < 15; i++) await journal.append("s", [delta(`more ${event.seq} ${i}`)]);
        await sleep(2);
      }
    }
    expect(seen).toEqual(Array.from({ length: await journal.lastSeq("s") }, (_, i) => i + 1));
    expect(seen.length).toBeGreaterThan(101);
  });

  it("flush syncs earlier group commits even when nothing is pending", async () => {
    const file = newPath();
    const journal = open(file, { flushIntervalMs: 1 });
    await journal.append("s", [started()]);
    const db = raw(file);
    await eventually(() => countEvents(db), 1);
    const lastFlush = () => db.prepare("SELECT value FROM meta WHERE key = 'last_flush_at'").pluck().get();
    expect(lastFlush()).toBeUndefined();
    await journal.flush();
    expect(lastFlush()).toEqual(expect.any(String));
  });

  it("stores the event's type, payload, time and version in their columns", async () => {
    const file = newPath();
    const journal = open(file, { now: () => 42 });
    await journal.append("s", [started(), delta("hi")]);
    await journal.flush();
    expect(
      raw(file).prepare("SELECT session_id, seq, type, payload, time, v FROM events WHERE seq = 2").get(),
    ).toEqual({
      session_id: "s",
      seq: 2,
      type: "message.delta",
      payload: JSON.stringify(delta("hi")),
      time: 42,
      v: EVENT_SCHEMA_VERSION,
    });
  });

  it("refuses a second writer on a session with store.session_busy, and hands over when the first closes", async () => {
    const file = newPath();
    const first = open(file);
    await first.append("s", [started(), turn(0, "task")]);
    await first.flush();
    const second = open(file);
    await expect(second.append("s", [delta("intruder")])).rejects.toMatchObject({
      code: "store.session_busy",
      sessionId: "s",
    });
    await expect(second.append("s", [delta("intruder")])).rejects.toThrow(
      /another open journal in this process/,
    );
    expect((await collect(second.read("s"))).map((event) => event.seq)).toEqual([1, 2]);
    await first.append("s", [delta("mine")]);
    await first.close();
    expect((await second.append("s", [delta("now mine")]))[0]?.seq).toBe(4);
    await second.flush();
    expect((await collect(second.read("s"))).map((event) => event.event)).toEqual([
      started(),
      turn(0, "task"),
      delta("mine"),
      delta("now mine"),
    ]);
  });

  it("gives the lease up when a session ends, so another writer may resume it", async () => {
    const file = newPath();
    const first = open(file);
    await first.append("s", [started(), { type: "session.ended", reason: "completed" }]);
    await first.flush();
    const second = open(file);
    await second.append("s", [turn(0, "resumed elsewhere")]);
    await second.flush();
    await expect(first.append("s", [delta("late")])).rejects.toMatchObject({ code: "store.session_busy" });
    expect(await first.getSession("s")).toMatchObject({ status: "running", turns: 1 });
    expect(await first.lastSeq("s")).toBe(3);
  });

  it("keeps what another writer stored when seqs collide, fails the session and still commits the others", async () => {
    const file = newPath();
    const journal = open(file);
    await journal.append("s", [started()]);
    await journal.flush();
    const db = raw(file);
    db.prepare(
      "INSERT INTO events (session_id, seq, type, payload, time, v) VALUES ('s', 2, ?, ?, 7, 1)",
    ).run("message.delta", JSON.stringify(delta("from elsewhere")));
    await journal.append("s", [delta("mine")]);
    await journal.append("other", [started("/other")]);
    await expect(journal.flush()).rejects.toMatchObject({ code: "store.session_busy", sessionId: "s" });
    await expect(journal.append("s", [delta("again")])).rejects.toMatchObject({ code: "store.session_busy" });
    const reader = open(file);
    expect((await collect(reader.read("s"))).map((event) => event.event)).toEqual([
      started(),
      delta("from elsewhere"),
    ]);
    expect((await reader.getSession("other"))?.cwd).toBe("/other");
    await journal.flush();
  });

  it("keeps events in memory when a commit fails and writes them once the lock is gone", async () => {
    const file = newPath();
    const journal = open(file, { busyTimeoutMs: 50, flushIntervalMs: 5 });
    await journal.append("s", [started()]);
    await journal.flush();
    const holder = raw(file);
    holder.exec("BEGIN IMMEDIATE");
    await journal.append("s", [delta("waiting")]);
    await sleep(30);
    await expect(journal.flush()).rejects.toMatchObject({ code: "store.write_failed", isRetryable: true });
    expect((await collect(journal.read("s"))).map((event) => event.seq)).toEqual([1, 2]);
    holder.exec("ROLLBACK");
    await journal.flush();
    expect(countEvents(holder)).toBe(2);
  });

  it("reports a corrupt payload naming session and seq, after yielding the events before it", async () => {
    const file = newPath();
    const journal = open(file);
    await journal.append("s", [started(), delta("one"), delta("two"), delta("three")]);
    await journal.flush();
    raw(file)
      .prepare("UPDATE events SET payload = ? WHERE seq = 3")
      .run('{"type":"message.delta","turnId":"t"}');
    const seen: number[] = [];
    let failure: unknown;
    try {
      for await (const event of journal.read("s")) seen.push(event.seq);
    } catch (error) {
      failure = error;
    }
    expect(seen).toEqual([1, 2]);
    expect(failure).toBeInstanceOf(CorruptEventError);
    expect(failure).toMatchObject({ code: "store.corrupt_event", sessionId: "s", seq: 3 });
    expect((await collect(journal.read("s", 4))).map((event) => event.event)).toEqual([delta("three")]);
    raw(file).prepare("UPDATE events SET payload = 'not json' WHERE seq = 4").run();
    await expect(collect(journal.read("s", 4))).rejects.toMatchObject({
      code: "store.corrupt_event",
      seq: 4,
    });
    raw(file).prepare("UPDATE events SET v = 99 WHERE seq = 2").run();
    await expect(collect(journal.read("s"))).rejects.toMatchObject({ code: "store.newer_schema", found: 99 });
  });

  it("bounds the backlog: a producer that outruns the writer waits for it and loses nothing", async () => {
    const file = newPath();
    const journal = open(file, { maxPendingEvents: 100, maxBacklogEvents: 300 });
    await journal.append("s", [started()]);
    for (let i = 0; i < 5_000; i++) await journal.append("s", [delta(String(i))]);
    await journal.flush();
    expect(countEvents(raw(file))).toBe(5_001);
  });

  it("fails appends past the backlog while commits keep failing, and recovers once they succeed", async () => {
    const file = newPath();
    const journal = open(file, { busyTimeoutMs: 30, maxPendingEvents: 5, maxBacklogEvents: 10 });
    await journal.append("s", [started()]);
    await journal.flush();
    const holder = raw(file);
    holder.exec("BEGIN IMMEDIATE");
    let refused: unknown;
    let accepted = 0;
    for (let i = 0; i < 40 && refused === undefined; i++) {
      try {
        await journal.append("s", [delta(String(i))]);
        accepted++;
      } catch (error) {
        refused = error;
      }
      await sleep(5);
    }
    expect(refused).toMatchObject({ code: "store.write_failed", isRetryable: true });
    expect(accepted).toBeGreaterThanOrEqual(9);
    expect(await journal.lastSeq("s")).toBe(accepted + 1);
    holder.exec("ROLLBACK");
    await eventually(() => countEvents(holder), accepted + 1);
    await journal.flush();
    await journal.append("s", [delta("after")]);
    await journal.flush();
    expect(countEvents(holder)).toBe(accepted + 2);
  });

  it("streams a long session page by page", async () => {
    const file = newPath();
    const journal = open(file, { maxPendingEvents: 1_000 });
    await journal.append("s", [started()]);
    for (let i = 0; i < 20_000; i++) await journal.append("s", [delta(String(i))]);
    await journal.flush();
    let count = 0;
    let last = 0;
    for await (const event of journal.read("s", 2)) {
      expect(event.seq).toBe(last === 0 ? 2 : last + 1);
      last = event.seq;
      count++;
    }
    expect([count, last]).toEqual([20_000, 20_001]);
  });
});
