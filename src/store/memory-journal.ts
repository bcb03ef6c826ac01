import type { AgentEvent, StoredEvent } from "../core/index.js";
import { StoreClosedError } from "./errors/store-closed-error.js";
import { decodeEvent, type EventRecord } from "./event-codec.js";
import type { Journal, SessionSummary } from "./journal.js";
import { appendToState, type SessionState } from "./session-state.js";

/** Options of {@link MemoryJournal}. */
export interface MemoryJournalOptions {
  /** Clock for event times and summaries; defaults to `Date.now`. */
  now?: () => number;
}

interface MemorySession extends SessionState {
  records: EventRecord[];
}

/**
 * A journal kept in memory only: the same contract as the SQLite journal (seqs, validation, summaries, errors), for
 * tests and for library users who do not want persistence. Events are stored serialised, like on disk, so what a
 * reader gets back never aliases what a writer appended. Everything is lost when the process exits; `flush` has
 * nothing to make durable.
 */
export class MemoryJournal implements Journal {
  readonly #sessions = new Map<string, MemorySession>();
  readonly #now: () => number;
  #closed = false;

  constructor(options: MemoryJournalOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  append(sessionId: string, events: AgentEvent[]): StoredEvent[] {
    this.#assertOpen();
    if (events.length === 0) return [];
    const existing = this.#sessions.get(sessionId);
    const session: MemorySession = existing ?? { id: sessionId, lastSeq: 0, summary: undefined, records: [] };
    const stored = appendToState(session, events, this.#now(), session.records);
    if (!existing) this.#sessions.set(sessionId, session);
    return stored;
  }

  /** Everything appended is as stored as this journal gets. */
  storedSeq(sessionId: string): number {
    return this.lastSeq(sessionId);
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

  lastSeq(sessionId: string): number {
    this.#assertOpen();
    return this.#sessions.get(sessionId)?.lastSeq ?? 0;
  }

  listSessions(options: { limit?: number; cwd?: string } = {}): SessionSummary[] {
    this.#assertOpen();
    const summaries: SessionSummary[] = [];
    for (const session of this.#sessions.values()) {
      const summary = session.summary!;
      if (options.cwd === undefined || summary.cwd === options.cwd) summaries.push({ ...summary });
    }
    summaries.sort(newestFirst);
    return options.limit === undefined ? summaries : summaries.slice(0, Math.max(0, options.limit));
  }

  getSession(sessionId: string): SessionSummary | undefined {
    this.#assertOpen();
    const summary = this.#sessions.get(sessionId)?.summary;
    return summary ? { ...summary } : undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }
}

/** `listSessions` order: newest `createdAt` first, then by id (ids are time-ordered) descending. */
export function newestFirst(a: SessionSummary, b: SessionSummary): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
