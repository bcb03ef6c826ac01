import type { AgentEvent, StoredEvent } from "../core/index.js";
import type { AcquireOptions, JournalWriter } from "./journal-writer.js";
import type { SessionPage, SessionQuery } from "./session-query.js";

export type { AcquireOptions, JournalWriter } from "./journal-writer.js";
export type { SessionPage, SessionQuery, SessionStatus } from "./session-query.js";

/** One row of `art sessions`. */
export interface SessionSummary {
  id: string;
  /** The workspace it ran in. */
  cwd: string;
  /** Model spec from `session.started`. */
  model: string;
  /** The first turn's input, shortened. */
  title: string;
  /**
   * How the last run ended (`session.ended`); `running` only while a live writer holds the session's lease, so a
   * session whose process crashed is `interrupted` (resume it); `forked` for a fork not run yet;
   * `awaiting-approval` while its turn is suspended on approvals (answer them to continue it).
   */
  status: "running" | "completed" | "failed" | "interrupted" | "cancelled" | "forked" | "awaiting-approval";
  createdAt: number;
  updatedAt: number;
  /** Number of turns started. */
  turns: number;
  /** Session it was forked from. */
  parentId?: string;
}

/** Options of {@link Journal.tail}. */
export interface TailOptions {
  /** Ends the iteration (normally, without an error) when it aborts. */
  signal?: AbortSignal;
  /** Ends the iteration after yielding a `session.ended` event. Default false: follow across runs. */
  untilEnded?: boolean;
}

/**
 * The append-only record of every session: the source of truth for state, resume, streaming, audit and fork.
 * Every method that may need I/O is asynchronous, so a networked store (PostgreSQL) can implement it.
 *
 * Writing: {@link Journal.acquire} returns a {@link JournalWriter} holding the session's expiring lease and fencing
 * token; its `append` is synchronous and buffered (deltas are journaled without an await each) and its
 * `flush`/`whenStored` are asynchronous. {@link Journal.append} is the one-shot form: it appends through the lease
 * this journal holds on the session, taking it first when needed.
 *
 * Every appended event is validated against the vocabulary (`store.invalid_event`, nothing of the append stored);
 * the events returned, read, tailed and published are the validated, decoded objects, exactly what is stored.
 */
export interface Journal {
  /**
   * Takes the session's writer lease (`store.session_busy` while another live writer holds it; a lease whose holder
   * died on this host, or that expired on any host, is taken over with a newer fencing token).
   */
  acquire(sessionId: string, options?: AcquireOptions): Promise<JournalWriter>;
  /** Appends events to a session (creating it on `session.started`) through this journal's lease; returns them as stored. */
  append(sessionId: string, events: AgentEvent[]): Promise<StoredEvent[]>;
  /** Resolves once everything appended so far (by any writer of this journal) is durable. */
  flush(): Promise<void>;
  /** Events of a session from `fromSeq` (1-based, inclusive), oldest first, including ones not yet flushed. */
  read(sessionId: string, fromSeq?: number): AsyncIterable<StoredEvent>;
  /**
   * Stored events of a session from `fromSeq` (default 1), then each new one as it is stored — by this process or
   * any other — until `options.signal` aborts (or, with `untilEnded`, after `session.ended`). In order, no gaps, no
   * duplicates; only events that are stored (they survive this process), never ones still buffered.
   */
  tail(sessionId: string, fromSeq?: number, options?: TailOptions): AsyncIterable<StoredEvent>;
  /** The highest seq of a session (buffered ones included), 0 when it has none. */
  lastSeq(sessionId: string): Promise<number>;
  /**
   * The highest seq of a session that is stored (committed: it survives the death of this process), 0 when none
   * is; synchronous because it answers from what this journal knows of its own writes.
   */
  storedSeq(sessionId: string): number;
  /**
   * Resolves once `seq` is stored, or once it can no longer be (the journal closed, the lease lost); check
   * {@link Journal.storedSeq} afterwards. Never rejects.
   */
  whenStored(sessionId: string, seq: number): Promise<void>;
  /** Sessions, newest first, filtered, one page at a time (`nextCursor` fetches the next). */
  listSessions(query?: SessionQuery): Promise<SessionPage>;
  /** The session, or undefined when no such session exists. */
  getSession(sessionId: string): Promise<SessionSummary | undefined>;
  /** Flushes, releases this journal's leases and the underlying resources. */
  close(): Promise<void>;
}
