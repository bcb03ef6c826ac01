import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { AgentEvent, StoredEvent } from "../core/index.js";
import { type Journal, openSqliteJournal } from "./index.js";
import { ChildJournal } from "./testing/child-journal.js";
import { collect, delta, started, turn } from "./testing/index.js";
import { makeTempDir } from "./testing/temp-dir.js";

const temp = makeTempDir();
afterAll(() => temp.remove());
let counter = 0;
const newPath = () => path.join(temp.dir, `tail-${++counter}`, "art.db");
const children: ChildJournal[] = [];
const journals: Journal[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await child.exit();
  for (const journal of journals.splice(0)) await journal.close();
});

/** A session's events in batches of varied sizes: some flushed, some left to the group commit. */
function batches(): AgentEvent[][] {
  const all: AgentEvent[][] = [[started("/tail"), turn(0, "follow me")]];
  for (let i = 0; i < 40; i++) {
    all.push(Array.from({ length: (i % 7) + 1 }, (_, k) => delta(`d${i}.${k}`)));
    if (i === 20) all.push([{ type: "ext.probe.mark", turnId: "turn-0", data: { at: i } } as AgentEvent]);
  }
  all.push([{ type: "session.ended", reason: "completed" }]);
  return all;
}

describe("tail across processes (SQLite)", () => {
  it("a child process tails a session this process writes: exactly the stored events, in order", async () => {
    const file = newPath();
    const journal = openSqliteJournal({ path: file, flushIntervalMs: 5 });
    journals.push(journal);
    const writer = await journal.acquire("s");
    const [first, ...rest] = batches();
    writer.append(first!);
    await writer.flush();
    const child = new ChildJournal(file);
    children.push(child);
    expect(await child.tail("s")).toEqual({ ok: true });
    for (const [index, batch] of rest.entries()) {
      writer.append(batch);
      if (index % 3 === 0) await writer.flush();
      else await new Promise((resolve) => setImmediate(resolve));
    }
    await writer.flush();
    await child.tailEnded;
    const stored = await collect(journal.read("s"));
    expect(stored.at(-1)?.event.type).toBe("session.ended");
    expect(child.tailed).toEqual(stored);
  });

  it("this process tails a session a child process writes: exactly the stored events, in order", async () => {
    const file = newPath();
    const child = new ChildJournal(file);
    children.push(child);
    const [first, ...rest] = batches();
    expect(await child.acquire("s")).toMatchObject({ ok: true, fence: 1 });
    expect(await child.append(first!)).toMatchObject({ ok: true });
    expect(await child.flush()).toEqual({ ok: true });
    const journal = openSqliteJournal({ path: file, tailPollMs: 5 });
    journals.push(journal);
    const received: StoredEvent[] = [];
    const tailing = (async () => {
      for await (const event of journal.tail("s", 1, { untilEnded: true })) received.push(event);
    })();
    for (const [index, batch] of rest.entries()) {
      expect(await child.append(batch)).toMatchObject({ ok: true });
      if (index % 2 === 0) expect(await child.flush()).toEqual({ ok: true });
    }
    await child.flush();
    await tailing;
    const stored = await collect(journal.read("s"));
    expect(received).toEqual(stored);
    expect(stored).toHaveLength(batches().flat().length);
    // A tail from the middle, after the fact, reads the same events.
    const middle = await collect(journal.tail("s", 50, { untilEnded: true }));
    expect(middle).toEqual(stored.slice(49));
  });
});
