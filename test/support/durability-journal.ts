import type { AgentEvent, StoredEvent } from "../../src/core/index.js";
import {
  type AcquireOptions,
  type Journal,
  type JournalWriter,
  MemoryJournal,
  type SessionPage,
  type SessionQuery,
  type SessionSummary,
  type TailOptions,
} from "../../src/store/index.js";

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
 * watermark now (for tools that check it while they run). Writers from `acquire` are watched the same way.
 */
export class DurabilityJournal implements Journal {
  readonly inner = new MemoryJournal();
  readonly appended: AppendRecord[] = [];
  readonly #durable = new Map<string, number>();
  readonly #lastSeq = new Map<string, number>();

  async acquire(sessionId: string, options?: AcquireOptions): Promise<JournalWriter> {
    const writer = await this.inner.acquire(sessionId, options);
    return {
      sessionId,
      fencingToken: writer.fencingToken,
      append: (events) => this.#record(sessionId, () => writer.append(events)),
      lastSeq: () => writer.lastSeq(),
      storedSeq: () => writer.storedSeq(),
      whenStored: (seq) => writer.whenStored(seq),
      flush: () => this.flush(),
      release: () => writer.release(),
    };
  }

  async append(sessionId: string, events: AgentEvent[]): Promise<StoredEvent[]> {
    const stored = await this.inner.append(sessionId, events);
    return this.#record(sessionId, () => stored);
  }

  #record(sessionId: string, append: () => StoredEvent[]): StoredEvent[] {
    const durableAtAppend = this.durable(sessionId);
    const stored = append();
    for (const item of stored) this.appended.push({ seq: item.seq, event: item.event, durableAtAppend });
    if (stored.length > 0) this.#lastSeq.set(sessionId, stored.at(-1)!.seq);
    return stored;
  }

  durable(sessionId: string): number {
    return this.#durable.get(sessionId) ?? 0;
  }

  /** The sessions appended to, in the order they were first appended to. */
  sessionIds(): string[] {
    return [...this.#lastSeq.keys()];
  }

  async flush(): Promise<void> {
    // Everything appended before the flush is covered once it resolves.
    const upTo = new Map(this.#lastSeq);
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

  tail(sessionId: string, fromSeq?: number, options?: TailOptions): AsyncIterable<StoredEvent> {
    return this.inner.tail(sessionId, fromSeq, options);
  }

  lastSeq(sessionId: string): Promise<number> {
    return this.inner.lastSeq(sessionId);
  }

  storedSeq(sessionId: string): number {
    return this.inner.storedSeq(sessionId);
  }

  whenStored(sessionId: string, seq: number): Promise<void> {
    return this.inner.whenStored(sessionId, seq);
  }

  listSessions(query?: SessionQuery): Promise<SessionPage> {
    return this.inner.listSessions(query);
  }

  getSession(sessionId: string): Promise<SessionSummary | undefined> {
    return this.inner.getSession(sessionId);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
