import { describe, expect, it } from "vitest";
import type { AgentEvent, StoredEvent } from "../core/index.js";
import { type CatchUpSource, EventHub } from "./event-hub.js";

/** An array-backed journal: enough to test delivery order without the real stores. */
class ArrayJournal implements CatchUpSource {
  readonly events: StoredEvent[] = [];
  append(sessionId: string, event: AgentEvent): StoredEvent {
    const stored = { sessionId, seq: this.events.length + 1, time: 0, v: 1, event };
    this.events.push(stored);
    return stored;
  }
  lastSeq(): number {
    return this.events.length;
  }
  async *read(_sessionId: string, fromSeq = 1): AsyncIterable<StoredEvent> {
    for (let i = fromSeq - 1; i < this.events.length; i++) yield this.events[i]!;
  }
}

function delta(i: number): AgentEvent {
  return { type: "message.delta", turnId: "t", delta: String(i) };
}

describe("EventHub", () => {
  it("delivers every event in order to a slow consumer without growing past its capacity", async () => {
    const journal = new ArrayJournal();
    const hub = new EventHub("s", journal);
    const subscription = hub.subscribe({ capacity: 8 });
    const received: number[] = [];
    const consumer = (async () => {
      for await (const event of subscription) {
        received.push(event.seq);
        if (event.seq % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    for (let i = 0; i < 1000; i++) {
      hub.publish([journal.append("s", delta(i))]);
      if (i % 250 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    hub.close();
    await consumer;
    expect(received).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it("replays history from a given seq, then goes live", async () => {
    const journal = new ArrayJournal();
    const hub = new EventHub("s", journal);
    for (let i = 0; i < 5; i++) hub.publish([journal.append("s", delta(i))]);
    const subscription = hub.subscribe({ fromSeq: 3 });
    const first = await subscription.next();
    expect(first.value?.seq).toBe(3);
    hub.publish([journal.append("s", delta(5))]);
    hub.close();
    const rest: number[] = [];
    for await (const event of subscription) rest.push(event.seq);
    expect(rest).toEqual([4, 5, 6]);
  });

  it("stops when its signal aborts", async () => {
    const journal = new ArrayJournal();
    const hub = new EventHub("s", journal);
    const controller = new AbortController();
    const subscription = hub.subscribe({ signal: controller.signal });
    const pending = subscription.next();
    controller.abort();
    expect((await pending).done).toBe(true);
  });
});
