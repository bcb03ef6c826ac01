import { afterEach, describe, expect, it } from "vitest";
import { type AgentEvent, EVENT_SCHEMA_VERSION, type StoredEvent } from "../core/index.js";
import type { Journal, SessionSummary } from "./journal.js";
import { collect, delta, sampleSettings as settings, started, turn } from "./testing/sample-events.js";

/** A journal under test, and how to reach its storage again when it has any. */
export interface JournalHarness {
  journal: Journal;
  /** Opens a new journal over the same storage (after `journal` was closed); absent for in-memory journals. */
  reopen?: () => Promise<Journal>;
  /**
   * Opens a second journal over the same storage while `journal` stays open (another process, as far as leases
   * go); absent when storage cannot be shared, and the lease tests then use `journal` itself.
   */
  peer?: () => Promise<Journal>;
}

/** Makes a fresh, empty journal whose clock is `now`. */
export type JournalFactory = (options: { now: () => number }) => Promise<JournalHarness>;

/** Deltas appended and read back as `count` events after `from`. */
async function takeTail(events: AsyncIterable<StoredEvent>, count: number): Promise<StoredEvent[]> {
  const taken: StoredEvent[] = [];
  if (count === 0) return taken;
  for await (const event of events) {
    taken.push(event);
    if (taken.length === count) break;
  }
  return taken;
}

/**
 * The behaviour every {@link Journal} shares, run against each implementation (SQLite, in memory, later
 * PostgreSQL): `runJournalContract("sqlite", factory)` inside a test file.
 */
export function runJournalContract(name: string, factory: JournalFactory): void {
  describe(`Journal contract: ${name}`, () => {
    let clock = 1_000;
    const now = () => clock;
    const open: Journal[] = [];

    async function make(): Promise<JournalHarness> {
      clock = 1_000;
      const harness = await factory({ now });
      open.push(harness.journal);
      return harness;
    }

    /** The harness's peer (opened and closed with the test), or its own journal. */
    async function peerOf(harness: JournalHarness): Promise<Journal> {
      if (!harness.peer) return harness.journal;
      const peer = await harness.peer();
      open.push(peer);
      return peer;
    }

    afterEach(async () => {
      for (const journal of open.splice(0).reverse()) await journal.close().catch(() => {});
    });

    it("assigns gap-free seqs from 1 and reads back exactly what was appended, in order", async () => {
      const { journal } = await make();
      const first = await journal.append("s1", [started(), turn(0, "hello")]);
      clock = 1_005;
      const second = await journal.append("s1", [delta("a"), delta("b")]);
      expect([...first, ...second]).toEqual([
        { sessionId: "s1", seq: 1, time: 1_000, v: EVENT_SCHEMA_VERSION, event: started() },
        { sessionId: "s1", seq: 2, time: 1_000, v: EVENT_SCHEMA_VERSION, event: turn(0, "hello") },
        { sessionId: "s1", seq: 3, time: 1_005, v: EVENT_SCHEMA_VERSION, event: delta("a") },
        { sessionId: "s1", seq: 4, time: 1_005, v: EVENT_SCHEMA_VERSION, event: delta("b") },
      ]);
      expect(await collect(journal.read("s1"))).toEqual([...first, ...second]);
      await journal.flush();
      expect(await collect(journal.read("s1"))).toEqual([...first, ...second]);
      expect(await journal.lastSeq("s1")).toBe(4);
    });

    it("keeps seqs per session when sessions interleave", async () => {
      const { journal } = await make();
      const a = await journal.acquire("a");
      const b = await journal.acquire("b");
      a.append([started("/a")]);
      b.append([started("/b")]);
      for (let i = 0; i < 50; i++) {
        a.append([delta(`a${i}`)]);
        if (i % 2 === 0) b.append([delta(`b${i}`), delta(`b${i}'`)]);
        if (i === 20) await journal.flush();
      }
      const readA = await collect(journal.read("a"));
      const readB = await collect(journal.read("b"));
      expect(readA.map((event) => event.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
      expect(readB.map((event) => event.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
      expect(readA.every((event) => event.sessionId === "a")).toBe(true);
      expect(readB.slice(1, 3).map((event) => event.event)).toEqual([delta("b0"), delta("b0'")]);
      expect([await journal.lastSeq("a"), await journal.lastSeq("b"), await journal.lastSeq("nope")]).toEqual(
        [51, 51, 0],
      );
      expect([a.lastSeq(), b.lastSeq()]).toEqual([51, 51]);
    });

    it("reads from a seq, across flushed and pending events and long sessions", async () => {
      const { journal } = await make();
      const writer = await journal.acquire("s");
      writer.append([started()]);
      for (let i = 0; i < 1_500; i++) writer.append([delta(String(i))]);
      await writer.flush();
      for (let i = 1_500; i < 1_700; i++) writer.append([delta(String(i))]);
      const all = await collect(journal.read("s"));
      expect(all.map((event) => event.seq)).toEqual(Array.from({ length: 1_701 }, (_, i) => i + 1));
      expect(all.at(-1)?.event).toEqual(delta("1699"));
      expect((await collect(journal.read("s", 1_600))).map((event) => event.seq)).toEqual(
        Array.from({ length: 102 }, (_, i) => i + 1_600),
      );
      expect(await collect(journal.read("s", 1_702))).toEqual([]);
      expect((await collect(journal.read("s", 0)))[0]?.seq).toBe(1);
      expect(await collect(journal.read("unknown"))).toEqual([]);
    });

    it("shows unflushed events to readers, including ones appended while a read is under way", async () => {
      const { journal } = await make();
      const writer = await journal.acquire("s");
      writer.append([started(), delta("one")]);
      const seen: number[] = [];
      for await (const event of journal.read("s")) {
        seen.push(event.seq);
        if (event.seq === 1) writer.append([delta("two")]);
        if (event.seq === 2) await writer.flush();
        if (event.seq === 3) writer.append([delta("four")]);
      }
      expect(seen).toEqual([1, 2, 3, 4]);
    });

    it("never lets a reader or a later mutation change what was appended", async () => {
      const { journal } = await make();
      const event = { type: "message.delta", turnId: "turn-0", delta: "original" } as AgentEvent & {
        delta: string;
      };
      await journal.append("s", [started(), event]);
      event.delta = "mutated";
      const [, read] = await collect(journal.read("s"));
      (read!.event as { delta: string }).delta = "changed by reader";
      expect((await collect(journal.read("s")))[1]?.event).toEqual(delta("original"));
    });

    it("applies schema defaults at append time, so what is returned is what is read", async () => {
      const { journal } = await make();
      const result = {
        type: "tool.result",
        turnId: "t",
        callId: "c",
        name: "shell",
        ok: true,
        output: "done",
      };
      const [, stored] = await journal.append("s", [started(), result as AgentEvent]);
      const expected = { ...result, truncated: false, interrupted: false };
      expect(stored?.event).toEqual(expected);
      expect((await collect(journal.read("s", 2)))[0]?.event).toEqual(expected);
    });

    it("returns, reads and tails the stored object: fields outside the vocabulary are not kept live either", async () => {
      const { journal } = await make();
      const failed = {
        type: "turn.failed",
        turnId: "turn-0",
        error: { code: "model.failed", message: "it broke", hint: "only live" },
      } as AgentEvent;
      const appended = await journal.append("s", [started(), failed]);
      const expected = {
        type: "turn.failed",
        turnId: "turn-0",
        error: { code: "model.failed", message: "it broke" },
      };
      expect(appended[1]?.event).toEqual(expected);
      await journal.flush();
      expect(await collect(journal.read("s"))).toEqual(appended);
      expect(await takeTail(journal.tail("s"), 2)).toEqual(appended);
    });

    it("validates every event at append time, naming the type and the field, and stores nothing of that append", async () => {
      const { journal } = await make();
      await expect(journal.append("s", [delta("x")])).rejects.toMatchObject({
        code: "store.session_not_found",
      });
      await journal.append("s", [started()]);
      const cases: [unknown, string, string][] = [
        [{ type: "nonsense.happened" }, "nonsense.happened", "type"],
        [{ type: "message.delta", turnId: "t", delta: 42 }, "message.delta", "delta"],
        [{ type: "tool.call", turnId: "t", callId: "c", name: "n", arguments: 1n }, "tool.call", ""],
        [{ type: "exec.output", callId: "c", stream: "stdin", chunk: "x" }, "exec.output", "stream"],
        [{ type: "turn.failed", turnId: "t", error: { code: "x" } }, "turn.failed", "error.message"],
      ];
      for (const [bad, eventType, field] of cases) {
        const refused = await journal.append("s", [delta("ok"), bad as AgentEvent]).catch((error) => error);
        expect(refused).toMatchObject({ code: "store.invalid_event", sessionId: "s", eventType });
        if (field) expect(refused.field).toBe(field);
      }
      await expect(journal.append("s", [started()])).rejects.toMatchObject({ code: "input.invalid" });
      expect(await journal.lastSeq("s")).toBe(1);
      expect(await journal.append("s", [])).toEqual([]);
      await journal.append("s", [delta("after")]);
      await journal.flush();
      expect((await collect(journal.read("s"))).map((event) => event.seq)).toEqual([1, 2]);
    });

    it("journals extension events (ext.<name>, JSON data) like any other, and refuses bad names and payloads", async () => {
      const { journal } = await make();
      const report = {
        type: "ext.lint.report",
        turnId: "turn-0",
        data: { warnings: 2, files: ["a.ts"], ok: null },
      };
      const stored = await journal.append("s", [started(), report as AgentEvent]);
      await journal.flush();
      expect(stored[1]?.event).toEqual(report);
      expect(await collect(journal.read("s"))).toEqual(stored);
      expect(await takeTail(journal.tail("s", 2), 1)).toEqual([stored[1]]);
      const bad: [unknown, string][] = [
        [{ type: "ext.", data: 1 }, "type"],
        [{ type: "ext.Upper", data: 1 }, "type"],
        [{ type: "ext.a..b", data: 1 }, "type"],
        [{ type: "ext.plugin", data: () => 1 }, "data"],
        [{ type: "ext.plugin", data: { nested: undefined, when: new Date(0) } }, "data"],
        [{ type: "ext.plugin" }, "data"],
      ];
      for (const [event, field] of bad) {
        const refused = await journal.append("s", [event as AgentEvent]).catch((error) => error);
        expect(refused).toMatchObject({ code: "store.invalid_event" });
        expect(refused.field.startsWith(field)).toBe(true);
      }
      expect(await journal.lastSeq("s")).toBe(2);
    });

    it("summarises sessions: newest first, filtered by cwd, status and parent, limited", async () => {
      const { journal } = await make();
      await journal.append("old", [started("/a")]);
      clock = 2_000;
      await journal.append("mid", [
        started("/b"),
        turn(0, `  Fix the\n failing   test ${"x".repeat(100)}`),
        delta("d"),
      ]);
      clock = 2_500;
      await journal.append("mid", [turn(1, "second input is not the title")]);
      await journal.flush();
      clock = 3_000;
      await journal.append("new", [started("/a", { sessionId: "old", turn: 0 }), turn(0, "fork")]);
      clock = 3_500;
      await journal.append("new", [{ type: "session.ended", reason: "completed" }]);
      await journal.append("old", [turn(0, "resumed"), { type: "session.ended", reason: "failed" }]);
      const expected: SessionSummary[] = [
        {
          id: "new",
          cwd: "/a",
          model: settings.model,
          title: "fork",
          status: "completed",
          createdAt: 3_000,
          updatedAt: 3_500,
          turns: 1,
          parentId: "old",
        },
        {
          id: "mid",
          cwd: "/b",
          model: settings.model,
          title: `Fix the failing test ${"x".repeat(58)}…`,
          status: "running",
          createdAt: 2_000,
          updatedAt: 2_500,
          turns: 2,
        },
        {
          id: "old",
          cwd: "/a",
          model: settings.model,
          title: "resumed",
          status: "failed",
          createdAt: 1_000,
          updatedAt: 3_500,
          turns: 1,
        },
      ];
      for (const flushed of [false, true]) {
        if (flushed) await journal.flush();
        expect(await journal.listSessions()).toEqual({ sessions: expected });
        expect((await journal.listSessions({ cwd: "/a" })).sessions).toEqual([expected[0], expected[2]]);
        expect((await journal.listSessions({ status: "running" })).sessions).toEqual([expected[1]]);
        expect((await journal.listSessions({ status: ["failed", "completed"] })).sessions).toEqual([
          expected[0],
          expected[2],
        ]);
        expect((await journal.listSessions({ parentId: "old" })).sessions).toEqual([expected[0]]);
        expect((await journal.listSessions({ cwd: "/nowhere" })).sessions).toEqual([]);
        expect(await journal.getSession("mid")).toEqual(expected[1]);
        expect(await journal.getSession("missing")).toBeUndefined();
      }
      clock = 4_000;
      await journal.append("new", [turn(1, "follow-up")]);
      expect(await journal.getSession("new")).toMatchObject({
        status: "running",
        turns: 2,
        updatedAt: 4_000,
        title: "fork",
      });
    });

    it("lists sessions a page at a time with a cursor: every session once, in order, also when created meanwhile", async () => {
      const { journal } = await make();
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        // Two sessions per millisecond: the cursor must order by id within one createdAt.
        clock = 1_000 + Math.floor(i / 2);
        const id = `s${i}`;
        ids.push(id);
        await journal.append(id, [started(i % 2 === 0 ? "/even" : "/odd")]);
        if (i === 3) await journal.flush();
      }
      const newestFirst = [...ids].reverse();
      const first = await journal.listSessions({ limit: 3 });
      expect(first.sessions.map((summary) => summary.id)).toEqual(newestFirst.slice(0, 3));
      clock = 9_000;
      await journal.append("later", [started("/even")]);
      const second = await journal.listSessions({ limit: 3, cursor: first.nextCursor! });
      const third = await journal.listSessions({ limit: 3, cursor: second.nextCursor! });
      expect([...second.sessions, ...third.sessions].map((summary) => summary.id)).toEqual(
        newestFirst.slice(3),
      );
      expect(third.nextCursor).toBeUndefined();
      const even = await journal.listSessions({ cwd: "/even", limit: 2 });
      const evenRest = await journal.listSessions({ cwd: "/even", limit: 2, cursor: even.nextCursor! });
      expect([...even.sessions, ...evenRest.sessions].map((summary) => summary.id)).toEqual([
        "later",
        "s6",
        "s4",
        "s2",
      ]);
      expect(
        (await journal.listSessions({ cwd: "/even", limit: 2, cursor: evenRest.nextCursor! })).sessions,
      ).toEqual([expect.objectContaining({ id: "s0" })]);
      await expect(journal.listSessions({ cursor: "not-a-cursor" })).rejects.toMatchObject({
        code: "input.invalid",
      });
    });

    it("returns copies of summaries", async () => {
      const { journal } = await make();
      await journal.append("s", [started()]);
      (await journal.getSession("s"))!.turns = 99;
      (await journal.listSessions()).sessions[0]!.turns = 99;
      expect((await journal.getSession("s"))?.turns).toBe(0);
    });

    it("tells what is stored: storedSeq never passes lastSeq, reaches it once flushed, whenStored waits for it", async () => {
      const { journal } = await make();
      expect(journal.storedSeq("s")).toBe(0);
      const writer = await journal.acquire("s");
      writer.append([started(), turn(0, "task"), delta("x")]);
      expect(writer.storedSeq()).toBeLessThanOrEqual(3);
      const stored = writer.whenStored(3);
      await writer.flush();
      await stored;
      expect([writer.storedSeq(), journal.storedSeq("s")]).toEqual([3, 3]);
      await journal.whenStored("s", 2);
    });

    it("tails a session: what is stored, then each new event as it is stored, until the signal aborts", async () => {
      const { journal } = await make();
      const writer = await journal.acquire("s");
      const appended = [...writer.append([started(), turn(0, "task")])];
      await writer.flush();
      const controller = new AbortController();
      const received: StoredEvent[] = [];
      const tailing = (async () => {
        for await (const event of journal.tail("s", 1, { signal: controller.signal })) {
          received.push(event);
          if (received.length === 2) {
            // Appended while the tail waits: it must wake for them.
            appended.push(...writer.append([delta("a"), delta("b")]));
            await writer.flush();
          }
          if (received.length === 4) {
            appended.push(...writer.append([delta("c")]));
            await writer.flush();
          }
          if (received.length === 5) controller.abort();
        }
      })();
      await tailing;
      expect(received).toEqual(appended);
      expect(received).toEqual(await collect(journal.read("s")));
      const fromMiddle = await takeTail(journal.tail("s", 4), 2);
      expect(fromMiddle.map((event) => event.seq)).toEqual([4, 5]);
      const aborted = new AbortController();
      aborted.abort();
      expect(await collect(journal.tail("s", 1, { signal: aborted.signal }))).toEqual([]);
    });

    it("ends a tail after session.ended with untilEnded, and when the journal closes", async () => {
      const { journal } = await make();
      const writer = await journal.acquire("s");
      writer.append([started(), turn(0, "task")]);
      await writer.flush();
      const until = collect(journal.tail("s", 1, { untilEnded: true }));
      const following = collect(journal.tail("s", 1));
      writer.append([{ type: "session.ended", reason: "completed" }]);
      await writer.flush();
      expect((await until).map((event) => event.event.type)).toEqual([
        "session.started",
        "turn.started",
        "session.ended",
      ]);
      await journal.close();
      expect((await following).map((event) => event.seq)).toEqual([1, 2, 3]);
    });

    it("gives each acquisition of a session a larger fencing token, and one live writer at a time", async () => {
      const harness = await make();
      const { journal } = harness;
      const peer = await peerOf(harness);
      const first = await journal.acquire("s", { ttlMs: 60_000 });
      first.append([started()]);
      await first.flush();
      await expect(peer.acquire("s")).rejects.toMatchObject({ code: "store.session_busy", sessionId: "s" });
      await first.release();
      expect(() => first.append([delta("after release")])).toThrow(
        expect.objectContaining({ code: "store.lease_lost" }),
      );
      const second = await peer.acquire("s");
      expect(second.fencingToken).toBeGreaterThan(first.fencingToken);
      second.append([delta("second")]);
      await second.flush();
      // Ending the session gives the lease up with the commit; the next one is larger still.
      second.append([{ type: "session.ended", reason: "completed" }]);
      await second.flush();
      expect(() => second.append([delta("after the end")])).toThrow(
        expect.objectContaining({ code: "store.lease_lost" }),
      );
      const third = await journal.acquire("s");
      expect(third.fencingToken).toBeGreaterThan(second.fencingToken);
      expect((await collect(peer.read("s"))).map((event) => event.seq)).toEqual([1, 2, 3]);
    });

    it("refuses a stale writer's late write once its expired lease was taken over, storing nothing of it", async () => {
      const harness = await make();
      const { journal } = harness;
      const peer = await peerOf(harness);
      const stale = await journal.acquire("s", { ttlMs: 1_000 });
      stale.append([started(), turn(0, "task")]);
      await stale.flush();
      clock = 1_999;
      await expect(peer.acquire("s")).rejects.toMatchObject({ code: "store.session_busy" });
      // The stale writer is paused past its lease: no renewal moved it (the clock did).
      clock = 2_001;
      const successor = await peer.acquire("s", { ttlMs: 1_000 });
      expect(successor.fencingToken).toBeGreaterThan(stale.fencingToken);
      successor.append([delta("successor")]);
      await successor.flush();
      const refused = await (async () => {
        stale.append([delta("late write")]);
        await stale.flush();
      })().catch((error) => error);
      expect(refused).toMatchObject({
        code: "store.lease_lost",
        sessionId: "s",
        fencingToken: stale.fencingToken,
      });
      expect(() => stale.append([delta("later still")])).toThrow(
        expect.objectContaining({ code: "store.lease_lost" }),
      );
      const events = (await collect(peer.read("s"))).map((stored) => stored.event);
      expect(events).toEqual([started(), turn(0, "task"), delta("successor")]);
      successor.append([delta("still the writer")]);
      await successor.flush();
      expect(await peer.lastSeq("s")).toBe(4);
    });

    it("shows a session as running only while its lease is held", async () => {
      const { journal } = await make();
      const writer = await journal.acquire("s");
      writer.append([started(), turn(0, "task")]);
      await writer.flush();
      expect((await journal.getSession("s"))?.status).toBe("running");
      await writer.release();
      expect((await journal.getSession("s"))?.status).toBe("interrupted");
      expect(
        (await journal.listSessions({ status: "interrupted" })).sessions.map((summary) => summary.id),
      ).toEqual(["s"]);
    });

    it("flushes on close and refuses to be used afterwards", async () => {
      const harness = await make();
      const { journal } = harness;
      const appended = await journal.append("s", [started(), turn(0, "task"), delta("x")]);
      await journal.close();
      await journal.close();
      await expect(journal.append("s", [delta("late")])).rejects.toMatchObject({ code: "store.closed" });
      await expect(journal.lastSeq("s")).rejects.toMatchObject({ code: "store.closed" });
      await expect(journal.acquire("s")).rejects.toMatchObject({ code: "store.closed" });
      await expect(collect(journal.read("s"))).rejects.toMatchObject({ code: "store.closed" });
      if (harness.reopen) {
        const reopened = await harness.reopen();
        open.push(reopened);
        expect(await collect(reopened.read("s"))).toEqual(appended);
        expect(await reopened.getSession("s")).toMatchObject({ title: "task", turns: 1 });
        expect((await reopened.append("s", [delta("more")]))[0]?.seq).toBe(4);
      }
    });
  });
}
