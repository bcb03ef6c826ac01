import { afterEach, describe, expect, it } from "vitest";
import { type AgentEvent, EVENT_SCHEMA_VERSION } from "../core/index.js";
import type { Journal, SessionSummary } from "./journal.js";
import { collect, delta, sampleSettings as settings, started, turn } from "./testing/sample-events.js";

/** A journal under test, and how to reopen its storage when it has any. */
export interface JournalHarness {
  journal: Journal;
  /** Opens a new journal over the same storage (after `journal` was closed); absent for in-memory journals. */
  reopen?: () => Promise<Journal>;
}

/** Makes a fresh, empty journal whose clock is `now`. */
export type JournalFactory = (options: { now: () => number }) => Promise<JournalHarness>;

/**
 * The behaviour every {@link Journal} shares, run against each implementation (SQLite, in memory, later others):
 * `runJournalContract("sqlite", factory)` inside a test file.
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

    afterEach(async () => {
      for (const journal of open.splice(0)) await journal.close();
    });

    it("assigns gap-free seqs from 1 and reads back exactly what was appended, in order", async () => {
      const { journal } = await make();
      const first = journal.append("s1", [started(), turn(0, "hello")]);
      clock = 1_005;
      const second = journal.append("s1", [delta("a"), delta("b")]);
      expect([...first, ...second]).toEqual([
        { sessionId: "s1", seq: 1, time: 1_000, v: EVENT_SCHEMA_VERSION, event: started() },
        { sessionId: "s1", seq: 2, time: 1_000, v: EVENT_SCHEMA_VERSION, event: turn(0, "hello") },
        { sessionId: "s1", seq: 3, time: 1_005, v: EVENT_SCHEMA_VERSION, event: delta("a") },
        { sessionId: "s1", seq: 4, time: 1_005, v: EVENT_SCHEMA_VERSION, event: delta("b") },
      ]);
      expect(await collect(journal.read("s1"))).toEqual([...first, ...second]);
      await journal.flush();
      expect(await collect(journal.read("s1"))).toEqual([...first, ...second]);
      expect(journal.lastSeq("s1")).toBe(4);
    });

    it("keeps seqs per session when sessions interleave", async () => {
      const { journal } = await make();
      journal.append("a", [started("/a")]);
      journal.append("b", [started("/b")]);
      for (let i = 0; i < 50; i++) {
        journal.append("a", [delta(`a${i}`)]);
        if (i % 2 === 0) journal.append("b", [delta(`b${i}`), delta(`b${i}'`)]);
        if (i === 20) await journal.flush();
      }
      const a = await collect(journal.read("a"));
      const b = await collect(journal.read("b"));
      expect(a.map((event) => event.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
      expect(b.map((event) => event.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
      expect(a.every((event) => event.sessionId === "a")).toBe(true);
      expect(b.slice(1, 3).map((event) => event.event)).toEqual([delta("b0"), delta("b0'")]);
      expect([journal.lastSeq("a"), journal.lastSeq("b"), journal.lastSeq("nope")]).toEqual([51, 51, 0]);
    });

    it("reads from a seq, across flushed and pending events and long sessions", async () => {
      const { journal } = await make();
      journal.append("s", [started()]);
      for (let i = 0; i < 1_500; i++) journal.append("s", [delta(String(i))]);
      await journal.flush();
      for (let i = 1_500; i < 1_700; i++) journal.append("s", [delta(String(i))]);
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
      journal.append("s", [started(), delta("one")]);
      const seen: number[] = [];
      for await (const event of journal.read("s")) {
        seen.push(event.seq);
        if (event.seq === 1) journal.append("s", [delta("two")]);
        if (event.seq === 2) await journal.flush();
        if (event.seq === 3) journal.append("s", [delta("four")]);
      }
      expect(seen).toEqual([1, 2, 3, 4]);
    });

    it("never lets a reader or a later mutation change what was appended", async () => {
      const { journal } = await make();
      const event = { type: "message.delta", turnId: "turn-0", delta: "original" } as AgentEvent & {
        delta: string;
      };
      journal.append("s", [started(), event]);
      event.delta = "mutated";
      const [, read] = await collect(journal.read("s"));
      (read!.event as { delta: string }).delta = "changed by reader";
      expect((await collect(journal.read("s")))[1]?.event).toEqual(delta("original"));
    });

    it("applies schema defaults when reading", async () => {
      const { journal } = await make();
      const result = {
        type: "tool.result",
        turnId: "t",
        callId: "c",
        name: "shell",
        ok: true,
        output: "done",
      };
      journal.append("s", [started(), result as AgentEvent]);
      expect((await collect(journal.read("s", 2)))[0]?.event).toEqual({
        ...result,
        truncated: false,
        interrupted: false,
      });
    });

    it("refuses events it cannot store, appending none of the batch", async () => {
      const { journal } = await make();
      expect(() => journal.append("s", [delta("x")])).toThrow(
        expect.objectContaining({ code: "store.session_not_found" }),
      );
      journal.append("s", [started()]);
      const unknown = { type: "nonsense.happened" } as unknown as AgentEvent;
      expect(() => journal.append("s", [delta("ok"), unknown])).toThrow(
        expect.objectContaining({ code: "input.invalid" }),
      );
      const cyclic = {
        type: "tool.call",
        turnId: "t",
        callId: "c",
        name: "n",
        arguments: 1n,
      } as unknown as AgentEvent;
      expect(() => journal.append("s", [cyclic])).toThrow(expect.objectContaining({ code: "input.invalid" }));
      expect(() => journal.append("s", [started()])).toThrow(
        expect.objectContaining({ code: "input.invalid" }),
      );
      expect(journal.lastSeq("s")).toBe(1);
      expect(journal.append("s", [])).toEqual([]);
      journal.append("s", [delta("after")]);
      expect((await collect(journal.read("s"))).map((event) => event.seq)).toEqual([1, 2]);
    });

    it("summarises sessions: newest first, filtered by cwd, limited", async () => {
      const { journal } = await make();
      journal.append("old", [started("/a")]);
      clock = 2_000;
      journal.append("mid", [
        started("/b"),
        turn(0, `  Fix the\n failing   test ${"x".repeat(100)}`),
        delta("d"),
      ]);
      clock = 2_500;
      journal.append("mid", [turn(1, "second input is not the title")]);
      await journal.flush();
      clock = 3_000;
      journal.append("new", [started("/a", { sessionId: "old", turn: 0 }), turn(0, "fork")]);
      clock = 3_500;
      journal.append("new", [{ type: "session.ended", reason: "completed" }]);
      journal.append("old", [turn(0, "resumed"), { type: "session.ended", reason: "failed" }]);
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
      expect(journal.listSessions()).toEqual(expected);
      expect(journal.listSessions({ cwd: "/a" })).toEqual([expected[0], expected[2]]);
      expect(journal.listSessions({ limit: 2 })).toEqual(expected.slice(0, 2));
      expect(journal.listSessions({ cwd: "/nowhere" })).toEqual([]);
      expect(journal.getSession("mid")).toEqual(expected[1]);
      expect(journal.getSession("missing")).toBeUndefined();
      await journal.flush();
      expect(journal.listSessions()).toEqual(expected);
      expect(journal.getSession("new")).toEqual(expected[0]);
      clock = 4_000;
      journal.append("new", [turn(1, "follow-up")]);
      expect(journal.getSession("new")).toMatchObject({
        status: "running",
        turns: 2,
        updatedAt: 4_000,
        title: "fork",
      });
    });

    it("returns copies of summaries", async () => {
      const { journal } = await make();
      journal.append("s", [started()]);
      journal.getSession("s")!.turns = 99;
      journal.listSessions()[0]!.turns = 99;
      expect(journal.getSession("s")?.turns).toBe(0);
    });

    it("tells what is stored: storedSeq never passes lastSeq, reaches it once flushed, whenStored waits for it", async () => {
      const { journal } = await make();
      expect(journal.storedSeq("s")).toBe(0);
      journal.append("s", [started(), turn(0, "task"), delta("x")]);
      expect(journal.storedSeq("s")).toBeLessThanOrEqual(3);
      const stored = journal.whenStored("s", 3);
      await journal.flush();
      await stored;
      expect(journal.storedSeq("s")).toBe(3);
      await journal.whenStored("s", 2);
    });

    it("flushes on close and refuses to be used afterwards", async () => {
      const harness = await make();
      const { journal } = harness;
      const appended = journal.append("s", [started(), turn(0, "task"), delta("x")]);
      await journal.close();
      await journal.close();
      expect(() => journal.append("s", [delta("late")])).toThrow(
        expect.objectContaining({ code: "store.closed" }),
      );
      expect(() => journal.lastSeq("s")).toThrow(expect.objectContaining({ code: "store.closed" }));
      await expect(collect(journal.read("s"))).rejects.toMatchObject({ code: "store.closed" });
      if (harness.reopen) {
        const reopened = await harness.reopen();
        open.push(reopened);
        expect(await collect(reopened.read("s"))).toEqual(appended);
        expect(reopened.getSession("s")).toMatchObject({ title: "task", turns: 1 });
        expect(reopened.append("s", [delta("more")])[0]?.seq).toBe(4);
      }
    });
  });
}
