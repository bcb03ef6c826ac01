import type { AgentEvent, StoredEvent } from "../../src/core/index.js";
import { type Journal, MemoryJournal, type SessionSummary } from "../../src/store/index.js";

/** An event as it was appended, with how far the session was durable at that moment. */
export interface AppendRecord {
  seq: number;
  event: AgentEvent;
  /** The highest seq a completed `flush()` had made durable when this event was appended. */
  durableAtAppend: number;
}

/**
 * A journal (the in-memory one underneath) that tracks which seqs a completed `flush()` has made durable, and
 * records, for every appended event, how far the session was durable at that moment. A crash can lose whatever a
 * flush has not covered, so "X is durable before Y" is `seq(X) <= durableAtAppend(Y)`. `durable(sessionId)` is the
 * watermark now (for tools that check it while they run).
 */
export class DurabilityJournal implements Journal {
  readonly inner = new MemoryJournal();
  readonly appended: AppendRecord[] = [];
  readonly #durable = new Map<string, number>();

  append(sessionId: string, events: AgentEvent[]): StoredEvent[] {
    const durableAtAppend = this.durable(sessionId);
    const stored = this.inner.append(sessionId, events);
    for (const item of stored) this.appended.push({ seq: item.seq, event: item.event, durableAtAppend });
    return stored;
  }

  durable(sessionId: string): number {
    return this.#durable.get(sessionId) ?? 0;
  }

  async flush(): Promise<void> {
    // Everything appended before the flush is covered once it resolves.
    const upTo = new Map(
      this.inner.listSessions().map((session) => [session.id, this.inner.lastSeq(session.id)]),
    );
    await this.inner.flush();
    for (const [id, seq] of upTo) if (seq > this.durable(id)) this.#durable.set(id, seq);
  }

  /** The first appended event matching `match`, or a loud failure. */
  find(match: (event: AgentEvent) => boolean, what: string): AppendRecord {
    const found = this.appended.find((record) => match(record.event));
    if (!found) throw new Error(`no ${what} was appended`);
    return found;
  }

  read(sessionId: string, fromSeq?: number): AsyncIterable<StoredEvent> {
    return this.inner.read(sessionId, fromSeq);
  }

  lastSeq(sessionId: string): number {
    return this.inner.lastSeq(sessionId);
  }

  storedSeq(sessionId: string): number {
    return this.inner.storedSeq(sessionId);
  }

  whenStored(sessionId: string, seq: number): Promise<void> {
    return this.inner.whenStored(sessionId, seq);
  }

  listSessions(options?: { limit?: number; cwd?: string }): SessionSummary[] {
    return this.inner.listSessions(options);
  }

  getSession(sessionId: string): SessionSummary | undefined {
    return this.inner.getSession(sessionId);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
