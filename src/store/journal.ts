import type { AgentEvent, StoredEvent } from "../core/index.js";

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
   * How the last run ended (`session.ended`); `running` only while a live process holds the session's writer
   * lease, so a session whose process crashed is `interrupted` (resume it); `forked` for a fork not run yet;
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

/**
 * The append-only record of every session: the source of truth for state, resume, streaming, audit and fork.
 *
 * `append` is synchronous and cheap (it assigns sequence numbers and buffers); `flush` makes everything appended so
 * far durable. Implementations flush by themselves at a small interval, so a crash loses at most the last moments of
 * streamed deltas; the orchestrator calls `flush` at every tool result and turn boundary.
 */
export interface Journal {
  /** Appends events to a session (creating it on `session.started`) and returns them as stored. */
  append(sessionId: string, events: AgentEvent[]): StoredEvent[];
  /** Resolves once everything appended so far is durable. */
  flush(): Promise<void>;
  /** Events of a session from `fromSeq` (1-based, inclusive), oldest first, including ones not yet flushed. */
  read(sessionId: string, fromSeq?: number): AsyncIterable<StoredEvent>;
  /** The highest seq of a session, 0 when it has none. */
  lastSeq(sessionId: string): number;
  /**
   * The highest seq of a session that is stored (committed: it survives the death of this process), 0 when none
   * is. Events past it exist only in this process's memory so far.
   */
  storedSeq(sessionId: string): number;
  /**
   * Resolves once `seq` is stored, or once it can no longer be (the journal closed, the session lost to another
   * writer); check {@link Journal.storedSeq} afterwards. Never rejects.
   */
  whenStored(sessionId: string, seq: number): Promise<void>;
  /** Sessions, newest first. */
  listSessions(options?: { limit?: number; cwd?: string }): SessionSummary[];
  /** The session, or undefined when no such session exists. */
  getSession(sessionId: string): SessionSummary | undefined;
  /** Flushes and releases the underlying resources. */
  close(): Promise<void>;
}
