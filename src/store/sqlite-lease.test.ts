import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { sleep } from "../core/index.js";
import { type Journal, type JournalWriter, openSqliteJournal } from "./index.js";
import { ChildJournal } from "./testing/child-journal.js";
import { collect, delta, started, turn } from "./testing/index.js";
import { makeTempDir } from "./testing/temp-dir.js";

const temp = makeTempDir();
afterAll(() => temp.remove());
let counter = 0;
const newPath = () => path.join(temp.dir, `lease-${++counter}`, "art.db");
const children: ChildJournal[] = [];
const journals: Journal[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.process.kill("SIGCONT");
    await child.exit();
  }
  for (const journal of journals.splice(0)) await journal.close().catch(() => {});
});

function child(file: string): ChildJournal {
  const opened = new ChildJournal(file);
  children.push(opened);
  return opened;
}

function journalAt(file: string): Journal {
  const journal = openSqliteJournal({ path: file });
  journals.push(journal);
  return journal;
}

/** Acquires `session` as soon as the lease lets it (the holder's expiry or death), failing on anything else. */
async function acquireWhenFree(journal: Journal, session: string): Promise<JournalWriter> {
  for (;;) {
    try {
      return await journal.acquire(session, { ttlMs: 60_000 });
    } catch (error) {
      if ((error as { code?: string }).code !== "store.session_busy") throw error;
      await sleep(20);
    }
  }
}

describe("writer leases across processes (SQLite)", () => {
  it("lets exactly one of two processes racing for a session acquire it", async () => {
    const file = newPath();
    const journal = journalAt(file);
    await journal.append("prepare", [started()]);
    await journal.close();
    const racers = [child(file), child(file)];
    for (let round = 0; round < 5; round++) {
      const replies = await Promise.all(racers.map((racer) => racer.acquire(`race-${round}`)));
      const won = replies.filter((reply) => reply.ok);
      expect(won).toEqual([{ ok: true, fence: 1 }]);
      expect(replies.filter((reply) => !reply.ok)).toEqual([{ ok: false, code: "store.session_busy" }]);
    }
  });

  it("refuses a paused writer's late write once its expired lease was taken over, and stores nothing of it", async () => {
    const file = newPath();
    const holder = child(file);
    expect(await holder.acquire("s", 2_000)).toEqual({ ok: true, fence: 1 });
    expect(await holder.append([started(), turn(0, "task")])).toMatchObject({ ok: true });
    expect(await holder.flush()).toEqual({ ok: true });
    const journal = journalAt(file);
    await expect(journal.acquire("s")).rejects.toMatchObject({ code: "store.session_busy" });
    // Paused (a stopped process, a long GC, a suspended VM): it cannot renew, and its lease runs out.
    holder.process.kill("SIGSTOP");
    const successor = await acquireWhenFree(journal, "s");
    expect(successor.fencingToken).toBe(2);
    successor.append([delta("successor")]);
    await successor.flush();
    holder.process.kill("SIGCONT");
    const late = await holder.append([delta("late write")]);
    const refused = late.ok ? await holder.flush() : late;
    expect(refused).toEqual({ ok: false, code: "store.lease_lost" });
    expect((await collect(journal.read("s"))).map((stored) => stored.event)).toEqual([
      started(),
      turn(0, "task"),
      delta("successor"),
    ]);
    successor.append([delta("still the writer")]);
    await successor.flush();
    expect(await journal.lastSeq("s")).toBe(4);
  });

  it("takes over the lease of a holder killed with SIGKILL, with a larger fencing token", async () => {
    const file = newPath();
    const holder = child(file);
    expect(await holder.acquire("s", 600_000)).toEqual({ ok: true, fence: 1 });
    expect(await holder.append([started(), turn(0, "task")])).toMatchObject({ ok: true });
    expect(await holder.flush()).toEqual({ ok: true });
    const journal = journalAt(file);
    await expect(journal.acquire("s")).rejects.toMatchObject({ code: "store.session_busy" });
    expect((await journal.getSession("s"))?.status).toBe("running");
    holder.process.kill("SIGKILL");
    await holder.exited;
    // Its lease has ten minutes left, but its process is gone: the lease is taken over at once.
    expect((await journal.getSession("s"))?.status).toBe("interrupted");
    const successor = await journal.acquire("s");
    expect(successor.fencingToken).toBe(2);
    expect(successor.append([delta("resumed")])[0]?.seq).toBe(3);
    await successor.flush();
  });

  it("renews a live writer's lease by itself, so it outlives its first expiry", async () => {
    const file = newPath();
    let clock = 1_000;
    const now = () => clock;
    const holder = openSqliteJournal({ path: file, now });
    const other = openSqliteJournal({ path: file, now });
    journals.push(holder, other);
    const writer = await holder.acquire("s", { ttlMs: 300 });
    writer.append([started()]);
    await writer.flush();
    const expiry = new Database(file, { readonly: true });
    const expiresAt = () => expiry.prepare("SELECT expires_at FROM session_leases").pluck().get();
    expect(expiresAt()).toBe(1_300);
    clock = 1_200;
    // Renewal runs every third of the lease; wait for it to have moved the expiry (no clock is asserted on).
    while (expiresAt() !== 1_500) await sleep(10);
    clock = 1_400;
    await expect(other.acquire("s")).rejects.toMatchObject({ code: "store.session_busy" });
    clock = 10_000;
    // Renewing stops with the release; an expired lease is then anyone's.
    await writer.release();
    expect((await other.acquire("s")).fencingToken).toBe(2);
    expiry.close();
  });
});
