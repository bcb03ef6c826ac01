import type { AgentEvent, StoredEvent } from "../core/index.js";
import { ChangeFeed } from "./change-feed.js";
import { LeaseLostError } from "./errors/lease-lost-error.js";
import { SessionBusyError } from "./errors/session-busy-error.js";
import { StoreClosedError } from "./errors/store-closed-error.js";
import { decodeEvent, type EventRecord } from "./event-codec.js";
import { followEvents } from "./follow-events.js";
import type { Journal, SessionSummary, TailOptions } from "./journal.js";
import type { AcquireOptions, JournalWriter } from "./journal-writer.js";
import { leaseTtl } from "./lease-terms.js";
import { decodeCursor, isAfter, matchesFilters, pageOf } from "./session-page.js";
import type { SessionPage, SessionQuery } from "./session-query.js";
import { appendToState, type SessionState } from "./session-state.js";

/** Options of {@link MemoryJournal}. */
export interface MemoryJournalOptions {
  /** Clock for event times, summaries and lease expiry; defaults to `Date.now`. */
  now?: () => number;
}

interface MemorySession extends SessionState {
  records: EventRecord[];
}

/** A session's lease: the fencing token grows with every acquisition; `holder` is undefined once released. */
interface MemoryLease {
  fence: number;
  holder: MemoryWriter | undefined;
  expiresAt: number;
}

/**
 * A journal kept in memory only: the same contract as the SQLite journal (seqs, validation, leases and fencing,
 * tails, summaries, errors), for tests and for library users who do not want persistence. Events are stored
 * serialised, like on disk, so what a reader gets back never aliases what a writer appended. Everything is lost
 * when the process exits; everything appended is stored at once, so `flush` has nothing to make durable.
 */
export class MemoryJournal implements Journal {
  readonly #sessions = new Map<string, MemorySession>();
  readonly #leases = new Map<string, MemoryLease>();
  /** The writer `append(sessionId, …)` uses, per session. */
  readonly #own = new Map<string, MemoryWriter>();
  readonly #changes = new ChangeFeed();
  readonly #closing = new AbortController();
  readonly now: () => number;
  #closed = false;

  constructor(options: MemoryJournalOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async acquire(sessionId: string, options: AcquireOptions = {}): Promise<JournalWriter> {
    return this.#acquire(sessionId, options);
  }

  async append(sessionId: string, events: AgentEvent[]): Promise<StoredEvent[]> {
    this.#assertOpen();
    if (events.length === 0) return [];
    let writer = this.#own.get(sessionId);
    if (!writer?.holds()) {
      writer = this.#acquire(sessionId, {});
      this.#own.set(sessionId, writer);
    }
    return writer.append(events);
  }

  storedSeq(sessionId: string): number {
    this.#assertOpen();
    return this.#sessions.get(sessionId)?.lastSeq ?? 0;
  }

  async whenStored(_sessionId: string, _seq: number): Promise<void> {}

  async flush(): Promise<void> {
    this.#assertOpen();
  }

  async *read(sessionId: string, fromSeq = 1): AsyncIterable<StoredEvent> {
    this.#assertOpen();
    const session = this.#sessions.get(sessionId);
    if (!session) return;
    // Live: events appended while the reader is suspended are read too, until it has caught up.
    for (let index = Math.max(1, Math.floor(fromSeq)) - 1; index < session.records.length; index++) {
      this.#assertOpen();
      yield decodeEvent(sessionId, session.records[index]!);
    }
  }

  tail(sessionId: string, fromSeq = 1, options: TailOptions = {}): AsyncIterable<StoredEvent> {
    this.#assertOpen();
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.#closing.signal])
      : this.#closing.signal;
    return followEvents((next) => this.read(sessionId, next), this.#changes, fromSeq, { ...options, signal });
  }

  async lastSeq(sessionId: string): Promise<number> {
    this.#assertOpen();
    return this.#sessions.get(sessionId)?.lastSeq ?? 0;
  }

  async listSessions(query: SessionQuery = {}): Promise<SessionPage> {
    this.#assertOpen();
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const candidates: SessionSummary[] = [];
    for (const session of this.#sessions.values()) {
      const summary = this.#withLiveStatus(session.summary!);
      if (matchesFilters(summary, query) && (!cursor || isAfter(summary, cursor))) candidates.push(summary);
    }
    return pageOf(candidates, query);
  }

  async getSession(sessionId: string): Promise<SessionSummary | undefined> {
    this.#assertOpen();
    const summary = this.#sessions.get(sessionId)?.summary;
    return summary ? this.#withLiveStatus(summary) : undefined;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const lease of this.#leases.values()) lease.holder?.stopRenewing();
    this.#closing.abort();
  }

  /** A copy of `summary`, `running` only while a writer holds the session's lease. */
  #withLiveStatus(summary: SessionSummary): SessionSummary {
    const copy = { ...summary };
    if (copy.status === "running" && !this.#leases.get(summary.id)?.holder) copy.status = "interrupted";
    return copy;
  }

  #acquire(sessionId: string, options: AcquireOptions): MemoryWriter {
    this.#assertOpen();
    const ttlMs = leaseTtl(options.ttlMs);
    const lease = this.#leases.get(sessionId);
    const now = this.now();
    // The lease `append` took for itself is handed over to whoever acquires the session in this journal.
    if (lease?.holder && lease.holder === this.#own.get(sessionId)) this.release(lease.holder, lease);
    if (lease?.holder && lease.expiresAt > now) {
      throw new SessionBusyError(sessionId, "another writer of this journal, whose lease has not expired");
    }
    lease?.holder?.stopRenewing();
    const fence = (lease?.fence ?? 0) + 1;
    const next: MemoryLease = { fence, holder: undefined, expiresAt: now + ttlMs };
    const writer = new MemoryWriter(this, sessionId, fence, ttlMs, next);
    next.holder = writer;
    this.#leases.set(sessionId, next);
    return writer;
  }

  /** Stores `events` for `writer`, which must still hold the session's lease. */
  write(writer: MemoryWriter, lease: MemoryLease, events: AgentEvent[]): StoredEvent[] {
    this.#assertOpen();
    if (this.#leases.get(writer.sessionId) !== lease) {
      throw new LeaseLostError(writer.sessionId, writer.fencingToken, "another writer acquired the session");
    }
    if (lease.holder !== writer)
      throw new LeaseLostError(writer.sessionId, writer.fencingToken, "it was released");
    if (events.length === 0) return [];
    const sessionId = writer.sessionId;
    const existing = this.#sessions.get(sessionId);
    const session: MemorySession = existing ?? { id: sessionId, lastSeq: 0, summary: undefined, records: [] };
    const stored = appendToState(session, events, this.now(), session.records);
    if (!existing) this.#sessions.set(sessionId, session);
    if (stored.at(-1)!.event.type === "session.ended") this.release(writer, lease);
    this.#changes.bump();
    return stored;
  }

  /** Gives `writer`'s lease up, keeping its fencing token so the next one is larger. */
  release(writer: MemoryWriter, lease: MemoryLease): void {
    writer.stopRenewing();
    if (lease.holder === writer) lease.holder = undefined;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }
}

/** A writer of {@link MemoryJournal}: everything it appends is stored at once, if it still holds the lease. */
class MemoryWriter implements JournalWriter {
  #renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly journal: MemoryJournal,
    readonly sessionId: string,
    readonly fencingToken: number,
    ttlMs: number,
    private readonly lease: MemoryLease,
  ) {
    this.#renewal = setInterval(() => {
      if (this.lease.holder === this) this.lease.expiresAt = this.journal.now() + ttlMs;
    }, ttlMs / 3);
    this.#renewal.unref();
  }

  /** True while this writer holds its lease. */
  holds(): boolean {
    return this.lease.holder === this;
  }

  append(events: AgentEvent[]): StoredEvent[] {
    return this.journal.write(this, this.lease, events);
  }

  lastSeq(): number {
    return this.journal.storedSeq(this.sessionId);
  }

  storedSeq(): number {
    return this.journal.storedSeq(this.sessionId);
  }

  async whenStored(_seq: number): Promise<void> {}

  async flush(): Promise<void> {}

  async release(): Promise<void> {
    this.journal.release(this, this.lease);
  }

  stopRenewing(): void {
    if (this.#renewal !== undefined) clearInterval(this.#renewal);
    this.#renewal = undefined;
  }
}
