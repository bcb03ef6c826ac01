import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import { type AgentEvent, ArtError, type StoredEvent } from "../../core/index.js";
import { LeaseLostError } from "../errors/lease-lost-error.js";
import { SessionBusyError } from "../errors/session-busy-error.js";
import { StoreClosedError } from "../errors/store-closed-error.js";
import { StoreCorruptError } from "../errors/store-corrupt-error.js";
import { StoreReadOnlyError } from "../errors/store-read-only-error.js";
import { StoreWriteError } from "../errors/store-write-error.js";
import type { EventRecord } from "../event-codec.js";
import { followEvents } from "../follow-events.js";
import type { Journal, SessionSummary, TailOptions } from "../journal.js";
import { JournalCursor } from "../journal-cursor.js";
import type { AcquireOptions, JournalWriter } from "../journal-writer.js";
import { DEFAULT_LEASE_TTL_MS, leaseTtl } from "../lease-terms.js";
import { decodeCursor, isAfter, matchesFilters, pageOf } from "../session-page.js";
import type { SessionPage, SessionQuery } from "../session-query.js";
import { appendToState } from "../session-state.js";
import { isBusy, isCorrupt, sqliteCode } from "./classify-error.js";
import { CommitWatch } from "./commit-watch.js";
import { trackOpenJournal, untrackOpenJournal } from "./exit-hook.js";
import { InlineWriter } from "./inline-writer.js";
import { openDatabase } from "./open-database.js";
import { currentOwner, type LeaseOwner, SessionLeases } from "./session-lease.js";
import { type SqliteSession, writesOf } from "./sqlite-session.js";
import { SqliteWriter } from "./sqlite-writer.js";
import { READ_PAGE, Statements, summaryFromRow } from "./statements.js";
import { WriterThread } from "./writer-thread.js";

/** Options of {@link openSqliteJournal}. */
export interface SqliteJournalOptions {
  /** The database file, e.g. `$ART_HOME/art.db`; its directory is created when missing. */
  path: string;
  /** Longest time an appended event waits in memory before its group commit. Default 25 ms. */
  flushIntervalMs?: number;
  /** Pending events that start a group commit right away, inside `append`. Default 4096. */
  maxPendingEvents?: number;
  /** Pending payload bytes (UTF-16 units) that start a group commit right away. Default 4 Mi. */
  maxPendingBytes?: number;
  /**
   * Events appended but not yet committed beyond which `append` waits for the writer to catch up (and fails with
   * `store.write_failed` when it cannot). Default 262144.
   */
  maxBacklogEvents?: number;
  /** How long to wait for another process's lock before failing with `store.locked`. Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * Where group commits run: `thread` (default) on a writer thread with its own connection, so the thread that
   * appends only buffers and serialises; `inline` on the caller's thread, inside the timer or `append`.
   */
  writer?: "thread" | "inline";
  /** Clock for event times, summaries and lease expiry; defaults to `Date.now`. */
  now?: () => number;
  /** How often a waiting `tail` checks whether another connection committed (`PRAGMA data_version`). Default 20 ms. */
  tailPollMs?: number;
}

interface FlushWaiter {
  id: number;
  resolve(): void;
  reject(error: unknown): void;
}

const MAX_RETRY_DELAY_MS = 1000;
/**
 * Opens the SQLite journal at `options.path`, creating the file and its directory when missing and migrating an
 * older schema. Throws `store.corrupt`, `store.locked`, `store.newer_schema` or `store.unavailable` (and leaves the
 * file untouched) when the database cannot be used.
 */
export function openSqliteJournal(options: SqliteJournalOptions): SqliteJournal {
  return new SqliteJournal(options);
}

/**
 * The journal on SQLite in WAL mode.
 *
 * Threads: by default the group commits run on a writer thread with its own connection, so the thread that appends
 * (and streams) pays only for a JSON.stringify and a buffer push per event; reads, leases and summaries use the
 * main connection, and a reader sees stored, in-flight and pending events alike. `writer: "inline"` commits on the
 * caller's thread instead. If the writer thread dies, the journal falls back to inline commits, writing again
 * (idempotently) what the thread had not confirmed.
 *
 * Durability: `append` only buffers (and serialises). A group commit — one transaction for everything pending,
 * `synchronous=NORMAL` — starts `flushIntervalMs` after the first pending event, or at once when the buffer passes
 * `maxPendingEvents` / `maxPendingBytes`; once it has committed, the events survive a crash of the process (they are
 * in the WAL file) but not necessarily a power loss or kernel crash. `flush()` commits everything appended before
 * it with `synchronous=FULL`, which fsyncs the WAL: once it resolves, those events survive `kill -9`, a kernel crash
 * and power loss (given a disk that honours fsync). `close()` flushes the same way. When the process exits without
 * `close()`, an exit hook writes what is still pending or in flight on the main thread; `kill -9` loses only what no
 * commit had reached. Memory is bounded: past `maxBacklogEvents` uncommitted events, `append` blocks until the
 * writer catches up, or throws `store.write_failed` (appending nothing) while commits keep failing.
 *
 * Writers: each session has one writer at a time, holding an expiring lease (a row naming pid, host and journal,
 * renewed every third of its lifetime) with a fencing token. Acquiring a session another live writer holds fails
 * with `store.session_busy`; a lease whose process died on this host, or that expired, is taken over with a larger
 * token. Every commit checks, in its transaction, that the lease still has the writer's token: a stale writer's
 * events are refused (`store.lease_lost`) and nothing of them is stored. Should two writers still collide, the
 * primary key (session_id, seq) refuses the second one's events (`store.session_busy`).
 *
 * Tails read only committed rows and wake when this journal commits or, polling `PRAGMA data_version` while any
 * tail waits, when another connection (another process) has.
 */
export class SqliteJournal implements Journal {
  /** The database file. */
  readonly path: string;
  readonly #db: Database.Database;
  /** Opened read-only (the file or its directory cannot be written): reads work, appends fail with `store.read_only`. */
  readonly #readOnly: boolean;
  readonly #statements: Statements;
  readonly #leases: SessionLeases;
  readonly #inline: InlineWriter;
  readonly #owner: LeaseOwner;
  readonly #now: () => number;
  readonly #intervalMs: number;
  readonly #busyTimeoutMs: number;
  readonly #maxPendingEvents: number;
  readonly #maxPendingBytes: number;
  readonly #maxBacklogEvents: number;
  readonly #useThread: boolean;
  readonly #sessions = new Map<string, SqliteSession>();
  /** Sessions with pending events. */
  readonly #dirty = new Set<SqliteSession>();
  /** Sessions with events handed to the writer thread and not yet known to be committed. */
  readonly #inflight = new Set<SqliteSession>();
  readonly #closeOnExit = () => this.#closeOnProcessExit();
  #writer: WriterThread | undefined;
  /** The writer thread died: from then on everything is written on this thread, idempotently. */
  #writerGone = false;
  #pendingEvents = 0;
  #pendingBytes = 0;
  #inflightEvents = 0;
  #lastPosted = 0;
  #durableUpTo = 0;
  #waiters: FlushWaiter[] = [];
  #storedWaiters: { sessionId: string; seq: number; resolve(): void }[] = [];
  /** An inline commit with `synchronous=NORMAL` has run since the last fsync. */
  #unsynced = false;
  #timer: NodeJS.Timeout | undefined;
  #retryDelayMs: number;
  /** The last commit's failure, until a commit succeeds. */
  #failure: ArtError | undefined;
  /** Session conflicts found by background commits, reported by the next `flush()`. */
  #unreported: ArtError[] = [];
  #closed = false;
  readonly #closing = new AbortController();
  /** Moves whenever rows may have been committed; tails sleep on it. */
  readonly #commits: CommitWatch;
  #renewTimer: NodeJS.Timeout | undefined;
  #renewEveryMs = Number.POSITIVE_INFINITY;

  constructor(options: SqliteJournalOptions) {
    this.path = options.path;
    this.#now = options.now ?? Date.now;
    this.#intervalMs = options.flushIntervalMs ?? 25;
    this.#retryDelayMs = this.#intervalMs;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.#maxPendingEvents = options.maxPendingEvents ?? 4096;
    this.#maxPendingBytes = options.maxPendingBytes ?? 4 * 1024 * 1024;
    this.#maxBacklogEvents = options.maxBacklogEvents ?? 262_144;
    this.#useThread = (options.writer ?? "thread") === "thread";
    ({ db: this.#db, readOnly: this.#readOnly } = openDatabase(options.path, this.#busyTimeoutMs));
    this.#statements = new Statements(this.#db);
    this.#leases = new SessionLeases(this.#db);
    this.#inline = new InlineWriter(this.#db, this.#statements);
    this.#owner = currentOwner(randomBytes(8).toString("hex"));
    this.#commits = new CommitWatch(this.#db, options.tailPollMs ?? 20);
    trackOpenJournal(this.#closeOnExit);
  }

  /**
   * Starts the writer thread now rather than at the first commit, so that its start-up (a Node environment,
   * better-sqlite3 and a connection of its own: tens of milliseconds) overlaps the caller's own set-up instead of
   * delaying its first durable flush. For a process about to write (a run); readers never need the thread. Does
   * nothing with `writer: "inline"`, on a read-only database, or when the thread runs (or ran) already.
   */
  startWriterEarly(): void {
    this.#assertOpen();
    if (this.#useThread && !this.#readOnly && !this.#writerGone) this.#writer ??= this.#startWriter();
  }

  async acquire(sessionId: string, options: AcquireOptions = {}): Promise<JournalWriter> {
    this.#assertOpen();
    if (this.#readOnly) throw new StoreReadOnlyError(this.path);
    const existing = this.#sessions.get(sessionId);
    if (existing?.leased && !existing.conflict && existing.writer !== undefined) {
      throw new SessionBusyError(sessionId, "another writer of this journal (release it first)");
    }
    const session = this.#leasedSession(sessionId, leaseTtl(options.ttlMs));
    const writer = new SqliteWriter(this.#writerHost, session, session.fence);
    session.writer = writer;
    return writer;
  }

  async append(sessionId: string, events: AgentEvent[]): Promise<StoredEvent[]> {
    this.#assertOpen();
    if (this.#readOnly) throw new StoreReadOnlyError(this.path);
    if (events.length === 0) return [];
    let session = this.#sessions.get(sessionId);
    if (session?.conflict) throw session.conflict;
    if (!session?.leased) session = this.#leasedSession(sessionId, DEFAULT_LEASE_TTL_MS);
    return this.#appendTo(session, events);
  }

  readonly #writerHost = {
    appendTo: (session: SqliteSession, events: AgentEvent[]) => this.#appendTo(session, events),
    storedSeq: (sessionId: string) => this.storedSeq(sessionId),
    whenStored: (sessionId: string, seq: number) => this.whenStored(sessionId, seq),
    flushSession: async (session: SqliteSession) => {
      await this.#flushAll();
      if (session.conflict) throw session.conflict;
    },
    releaseSession: async (session: SqliteSession) => {
      const { writer, fence } = session;
      await this.#flushAll();
      // Taken again while the flush ran (a resume right after the run ended): the lease is the new writer's now.
      if (session.writer !== writer || session.fence !== fence) return;
      session.writer = undefined;
      if (session.leased && !session.conflict && !this.#closed) {
        session.leased = false;
        this.#query(() => this.#leases.release(session.id, this.#owner.token, session.fence));
      }
      this.#forget(session);
    },
  };

  /** Appends through a lease this journal holds: validates, assigns seqs and buffers; the commit checks the fence. */
  #appendTo(session: SqliteSession, events: AgentEvent[]): StoredEvent[] {
    this.#assertOpen();
    if (session.conflict) throw session.conflict;
    if (!session.leased) {
      throw new LeaseLostError(
        session.id,
        session.fence,
        "it was released (the session ended, or release() was called)",
      );
    }
    if (events.length === 0) return [];
    if (this.#pendingEvents + this.#inflightEvents >= this.#maxBacklogEvents) this.#relieveBacklog();
    const pending = session.pending;
    const before = pending.length;
    const stored = appendToState(session, events, this.#now(), pending);
    if (before === 0) this.#dirty.add(session);
    session.releaseOnCommit = events[events.length - 1]!.type === "session.ended";
    this.#pendingEvents += events.length;
    for (let i = before; i < pending.length; i++) this.#pendingBytes += pending[i]!.payload.length;
    if (this.#pendingEvents >= this.#maxPendingEvents || this.#pendingBytes >= this.#maxPendingBytes) {
      this.#commitInBackground();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(this.#onTimer, this.#retryDelayMs);
    }
    return stored;
  }

  async flush(): Promise<void> {
    await this.#flushAll();
    const unreported = this.#unreported;
    if (unreported.length > 0) {
      this.#unreported = [];
      throw unreported[0];
    }
  }

  /** Makes everything appended durable (without reporting the sessions lost to other writers). */
  async #flushAll(): Promise<void> {
    this.#assertOpen();
    if (this.#readOnly) return;
    if (this.#useThread && !this.#writerGone) {
      const id = this.#post(true);
      if (id !== undefined) await this.#waitDurable(id);
    } else {
      this.#commitInline(true);
    }
  }

  tail(sessionId: string, fromSeq = 1, options: TailOptions = {}): AsyncIterable<StoredEvent> {
    this.#assertOpen();
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.#closing.signal])
      : this.#closing.signal;
    return followEvents((next) => this.#readStored(sessionId, next), this.#commits.changes, fromSeq, {
      ...options,
      signal,
    });
  }

  /** Committed events only, from `fromSeq`, page by page. */
  async *#readStored(sessionId: string, fromSeq: number): AsyncIterable<StoredEvent> {
    const cursor = new JournalCursor(sessionId, fromSeq);
    let next = fromSeq;
    for (;;) {
      if (this.#closed) return;
      this.#query(() => this.#commits.note());
      const rows = this.#query(() => this.#statements.readPage.all(sessionId, next, READ_PAGE));
      for (const row of rows) {
        yield cursor.decode(row);
        next = row.seq + 1;
      }
      if (rows.length < READ_PAGE) return;
    }
  }

  async *read(sessionId: string, fromSeq = 1): AsyncIterable<StoredEvent> {
    let next = Math.max(1, Math.floor(fromSeq));
    const cursor = new JournalCursor(sessionId, next);
    for (;;) {
      this.#assertOpen();
      // The page and the snapshot of unstored events are taken together, synchronously: whatever a writer commits
      // meanwhile is in one or the other (or both, which the seq check skips).
      const rows = this.#query(() => this.#statements.readPage.all(sessionId, next, READ_PAGE));
      const unstored: [EventRecord[], number][] = [];
      const session = rows.length < READ_PAGE ? this.#sessions.get(sessionId) : undefined;
      if (session) {
        for (const batch of session.inflight) unstored.push([batch.records, batch.records.length]);
        if (session.pending.length > 0) unstored.push([session.pending, session.pending.length]);
      }
      const start = next;
      for (const row of rows) {
        yield cursor.decode(row);
        next = row.seq + 1;
      }
      for (const [records, end] of unstored) {
        for (let i = 0; i < end; i++) {
          const record = records[i]!;
          if (record.seq < next) continue;
          yield cursor.decode(record);
          next = record.seq + 1;
        }
      }
      if (next === start) return;
    }
  }

  storedSeq(sessionId: string): number {
    this.#assertOpen();
    const session = this.#sessions.get(sessionId);
    if (!session?.leased || session.conflict) {
      return this.#query(() => this.#statements.lastSeq.get(sessionId)) ?? 0;
    }
    this.#reap();
    const first = session.inflight[0]?.records[0] ?? session.pending[0];
    return first ? first.seq - 1 : session.lastSeq;
  }

  whenStored(sessionId: string, seq: number): Promise<void> {
    if (this.#closed || this.storedSeq(sessionId) >= seq) return Promise.resolve();
    return new Promise((resolve) => this.#storedWaiters.push({ sessionId, seq, resolve }));
  }

  /** Wakes the `whenStored` callers whose event is now stored (all of them once the journal closes). */
  #settleStored(): void {
    if (this.#storedWaiters.length === 0) return;
    const waiting = this.#storedWaiters;
    this.#storedWaiters = [];
    for (const waiter of waiting) {
      const lost = this.#closed || this.#sessions.get(waiter.sessionId)?.conflict !== undefined;
      if (lost || this.storedSeq(waiter.sessionId) >= waiter.seq) waiter.resolve();
      else this.#storedWaiters.push(waiter);
    }
  }

  async lastSeq(sessionId: string): Promise<number> {
    this.#assertOpen();
    const session = this.#sessions.get(sessionId);
    if (session?.leased) return session.lastSeq;
    return this.#query(() => this.#statements.lastSeq.get(sessionId)) ?? 0;
  }

  async listSessions(query: SessionQuery = {}): Promise<SessionPage> {
    this.#assertOpen();
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    this.#reap();
    const unstored = [...this.#dirty, ...this.#inflight];
    // The status is derived (a dead writer's `running` reads `interrupted`), so it is filtered here, not in SQL.
    const limit = query.limit === undefined || query.status !== undefined ? -1 : Math.max(0, query.limit) + 1;
    const rows = this.#query(() =>
      this.#statements.listSessions.all({
        cwd: query.cwd ?? null,
        parentId: query.parentId ?? null,
        afterCreated: cursor?.createdAt ?? null,
        afterId: cursor?.id ?? null,
        limit,
      }),
    );
    // Sessions with unstored changes: the in-memory summary is newer than the row (or there is no row yet).
    const byId = new Map(rows.map((row) => [row.id, summaryFromRow(row)]));
    for (const session of unstored) {
      const summary = session.summary;
      if (summary && (!cursor || isAfter(summary, cursor))) byId.set(summary.id, { ...summary });
    }
    const summaries = this.#withLiveStatus([...byId.values()]);
    return pageOf(
      summaries.filter((summary) => matchesFilters(summary, query)),
      query,
    );
  }

  async getSession(sessionId: string): Promise<SessionSummary | undefined> {
    this.#assertOpen();
    this.#reap();
    const session = this.#sessions.get(sessionId);
    if (session && (this.#dirty.has(session) || this.#inflight.has(session))) return { ...session.summary! };
    const row = this.#query(() => this.#statements.getSession.get(sessionId));
    return row ? this.#withLiveStatus([summaryFromRow(row)])[0] : undefined;
  }

  /**
   * `running` is only true while a live process holds the session's lease (this journal included); a session
   * whose writer died before `session.ended` is shown as `interrupted`, which is what resuming it mends.
   */
  #withLiveStatus(summaries: SessionSummary[]): SessionSummary[] {
    if (!summaries.some((summary) => summary.status === "running")) return summaries;
    const live = this.#query(() => this.#leases.liveHolders(this.#owner, this.#now()));
    for (const summary of summaries) {
      if (summary.status !== "running" || live.has(summary.id)) continue;
      if (this.#sessions.get(summary.id)?.leased) continue;
      summary.status = "interrupted";
    }
    return summaries;
  }

  /** Flushes (fsync), stops the writer thread, releases this journal's leases and closes. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush();
    if (this.#writer && !this.#writerGone) {
      await this.#writer.close();
      this.#writerGone = true;
      this.#reap();
    }
    // Anything appended while the thread was closing, or that it could not commit, is written here.
    this.#commitInline(true);
    this.#shutDown();
  }

  /**
   * Drops a released session's record once nothing of it is unstored, so a process that runs many sessions holds
   * only the ones it writes now (issue 15 item 4); the next acquire reloads seq and summary from the database. A
   * conflicted session is kept: its error is what later appends must throw.
   */
  #forget(session: SqliteSession): void {
    if (this.#closed || session.leased || session.conflict || session.writer !== undefined) return;
    if (session.pending.length > 0 || session.inflight.length > 0) return;
    if (this.#writer && session.lastRequest > this.#writer.committedUpTo()) return;
    if (this.#sessions.get(session.id) === session) this.#sessions.delete(session.id);
  }

  /**
   * The session under a lease of this journal: the one held, or a new one taken (`store.session_busy` when another
   * live writer holds it), with its seq and summary reloaded under it.
   */
  #leasedSession(sessionId: string, ttlMs: number): SqliteSession {
    let session = this.#sessions.get(sessionId);
    if (session?.leased && !session.conflict) return session;
    if (session === undefined) {
      session = {
        id: sessionId,
        lastSeq: 0,
        summary: undefined,
        pending: [],
        inflight: [],
        isNew: true,
        leased: false,
        fence: 0,
        ttlMs,
        writer: undefined,
        releaseOnCommit: false,
        lastRequest: 0,
        conflict: undefined,
      };
    }
    // A release still queued on the writer thread must land before the lease is taken again.
    if (this.#writer && session.lastRequest > this.#writer.committedUpTo())
      this.#waitCommitted(session.lastRequest);
    const fence = this.#query(() => this.#leases.acquire(sessionId, this.#owner, this.#now(), ttlMs));
    session.fence = fence;
    session.ttlMs = ttlMs;
    session.leased = true;
    session.writer = undefined;
    session.conflict = undefined;
    session.lastSeq = this.#query(() => this.#statements.lastSeq.get(sessionId)) ?? 0;
    const row = this.#query(() => this.#statements.getSession.get(sessionId));
    session.summary = row ? summaryFromRow(row) : undefined;
    session.isNew = row === undefined;
    this.#sessions.set(sessionId, session);
    this.#scheduleRenewal(ttlMs);
    return session;
  }

  /** Renews every held lease at a third of the shortest lifetime among them. */
  #scheduleRenewal(ttlMs: number): void {
    const every = Math.max(10, Math.floor(ttlMs / 3));
    if (this.#renewTimer !== undefined && every >= this.#renewEveryMs) return;
    if (this.#renewTimer !== undefined) clearInterval(this.#renewTimer);
    this.#renewEveryMs = every;
    this.#renewTimer = setInterval(() => this.#renewLeases(), every);
    // Renewal must not keep the process alive: a process with nothing else to do is done writing.
    this.#renewTimer.unref();
  }

  #renewLeases(): void {
    if (this.#closed) return;
    const now = this.#now();
    for (const session of this.#sessions.values()) {
      if (!session.leased || session.conflict) continue;
      let held: boolean;
      try {
        held = this.#leases.renew(session.id, this.#owner.token, session.fence, now + session.ttlMs);
      } catch {
        // Busy or failing for a moment: the next renewal tries again, and commits are fenced regardless.
        continue;
      }
      if (!held) this.#markConflict(session.id, "fenced");
    }
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    this.#commitInBackground();
  };

  /** A group commit nobody awaits: on the writer thread, or inline with failures kept for `append`/`flush`. */
  #commitInBackground(): void {
    if (this.#useThread && !this.#writerGone) {
      this.#post(false);
      return;
    }
    try {
      this.#commitInline(false);
      this.#retryDelayMs = this.#intervalMs;
    } catch {
      this.#retryDelayMs = Math.min(this.#retryDelayMs * 2, MAX_RETRY_DELAY_MS);
      if (this.#timer === undefined && !this.#closed)
        this.#timer = setTimeout(this.#onTimer, this.#retryDelayMs);
    }
  }

  /**
   * Hands everything pending to the writer thread as one request and returns its id; with `durable`, also when
   * nothing is pending but earlier requests are not yet known to be fsynced. Undefined when there is nothing to do.
   */
  #post(durable: boolean): number | undefined {
    this.#clearTimer();
    if (this.#dirty.size === 0 && !(durable && this.#lastPosted > this.#durableUpTo)) return undefined;
    this.#writer ??= this.#startWriter();
    const sessions = [...this.#dirty];
    const id = this.#writer.post(writesOf(sessions, this.#owner, false), durable);
    for (const session of sessions) {
      session.inflight.push({ id, records: session.pending });
      session.pending = [];
      session.lastRequest = id;
      session.isNew = false;
      if (session.releaseOnCommit) session.leased = false;
      this.#inflight.add(session);
    }
    this.#inflightEvents += this.#pendingEvents;
    this.#dirty.clear();
    this.#pendingEvents = 0;
    this.#pendingBytes = 0;
    this.#lastPosted = id;
    this.#reap();
    return id;
  }

  #startWriter(): WriterThread {
    return new WriterThread(this.path, this.#busyTimeoutMs, {
      committed: (upTo, durable, conflicts, fenced) => {
        this.#failure = undefined;
        this.#reap(upTo);
        for (const id of conflicts) this.#markConflict(id, "seq");
        for (const id of fenced) this.#markConflict(id, "fenced");
        this.#commits.committed();
        if (durable && upTo > this.#durableUpTo) this.#durableUpTo = upTo;
        this.#settleWaiters((waiter) => waiter.id <= this.#durableUpTo, undefined);
        this.#settleStored();
      },
      failed: (error) => {
        this.#failure = this.#writeError(Object.assign(new Error(error.message), { code: error.code }));
        this.#settleWaiters(() => true, this.#failure);
      },
      died: (error) => {
        this.#writerGone = true;
        this.#failure = new StoreWriteError(
          `the writer thread died (${error.message})`,
          this.#inflightEvents,
          {
            isRetryable: true,
            cause: error,
          },
        );
        this.#settleWaiters(() => true, this.#failure);
      },
    });
  }

  #waitDurable(id: number): Promise<void> {
    const writer = this.#writer!;
    const release = writer.hold();
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({
        id,
        resolve: () => {
          release();
          resolve();
        },
        reject: (error) => {
          release();
          reject(error);
        },
      });
    });
  }

  #settleWaiters(matches: (waiter: FlushWaiter) => boolean, error: unknown): void {
    const remaining: FlushWaiter[] = [];
    for (const waiter of this.#waiters) {
      if (!matches(waiter)) remaining.push(waiter);
      else if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
    this.#waiters = remaining;
  }

  /** Blocks until the writer thread has committed request `id`, or throws why it cannot. */
  #waitCommitted(id: number): void {
    if (!this.#writer!.waitCommitted(id, this.#busyTimeoutMs + 10_000)) {
      throw (
        this.#failure ??
        new StoreWriteError("the writer thread did not commit in time", this.#inflightEvents, {
          isRetryable: true,
        })
      );
    }
    this.#reap();
  }

  /** Bounds memory: waits for the writer to catch up, or fails the append when it cannot. */
  #relieveBacklog(): void {
    if (this.#useThread && !this.#writerGone) {
      this.#reap();
      if (this.#pendingEvents + this.#inflightEvents < this.#maxBacklogEvents) return;
      const id = this.#post(false) ?? this.#lastPosted;
      this.#waitCommitted(id);
    } else if (this.#failure) {
      throw this.#failure;
    }
  }

  /** Forgets in-flight batches the writer thread has committed. */
  #reap(upTo = this.#writer?.committedUpTo() ?? 0): void {
    if (this.#inflight.size === 0) return;
    for (const session of this.#inflight) {
      const batches = session.inflight;
      let done = 0;
      while (done < batches.length && batches[done]!.id <= upTo)
        this.#inflightEvents -= batches[done++]!.records.length;
      if (done > 0) session.inflight = batches.slice(done);
      if (session.inflight.length === 0) this.#inflight.delete(session);
    }
  }

  /** Gives a session up to another writer: its unstored events are dropped and every later append fails. */
  #markConflict(sessionId: string, kind: "seq" | "fenced"): void {
    const session = this.#sessions.get(sessionId);
    if (!session || session.conflict) return;
    session.conflict =
      kind === "seq"
        ? new SessionBusyError(
            sessionId,
            "another writer, whose events already hold the same seqs (they were kept; this journal's were not stored)",
          )
        : new LeaseLostError(
            sessionId,
            session.fence,
            "its lease expired and another writer acquired the session",
          );
    session.leased = false;
    this.#unreported.push(session.conflict);
    this.#inflightEvents -= session.inflight.reduce((sum, batch) => sum + batch.records.length, 0);
    this.#pendingEvents -= session.pending.length;
    session.inflight = [];
    session.pending = [];
    this.#inflight.delete(session);
    this.#dirty.delete(session);
    this.#settleStored();
  }

  /**
   * Commits on this thread's connection, in one transaction, everything not yet stored: what is pending and, once
   * the writer thread is gone, what it had not committed (written idempotently). With `durable`, fsyncs even when
   * nothing is left to write but an earlier commit was not synced.
   */
  #commitInline(durable: boolean): void {
    const sessions = new Set([...this.#inflight, ...this.#dirty]);
    if (sessions.size === 0 && !(durable && this.#unsynced)) return;
    this.#clearTimer();
    const idempotent = this.#writerGone && this.#inflight.size > 0;
    let outcome: { conflicts: string[]; fenced: string[] };
    try {
      outcome = this.#inline.commit(writesOf([...sessions], this.#owner, idempotent), durable, idempotent);
    } catch (error) {
      this.#failure = this.#writeError(error);
      throw this.#failure;
    }
    for (const session of sessions) {
      session.pending = [];
      session.inflight = [];
      session.isNew = false;
      if (session.releaseOnCommit) session.leased = false;
    }
    for (const id of outcome.conflicts) this.#markConflict(id, "seq");
    for (const id of outcome.fenced) this.#markConflict(id, "fenced");
    this.#dirty.clear();
    this.#inflight.clear();
    this.#pendingEvents = 0;
    this.#pendingBytes = 0;
    this.#inflightEvents = 0;
    this.#failure = undefined;
    this.#unsynced = !durable;
    this.#settleStored();
    this.#commits.committed();
  }

  #writeError(error: unknown): ArtError {
    if (ArtError.isInstance(error)) return error;
    const code = sqliteCode(error);
    const detail = `${(error as Error)?.message ?? String(error)}${code ? ` (${code})` : ""}`;
    if (isCorrupt(code)) return new StoreCorruptError(this.path, detail, error);
    return new StoreWriteError(detail, this.#pendingEvents + this.#inflightEvents, {
      isRetryable: isBusy(code),
      cause: error,
    });
  }

  /** Runs a read or lease query, turning SQLite corruption into `store.corrupt`. */
  #query<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      const code = sqliteCode(error);
      if (isCorrupt(code)) throw new StoreCorruptError(this.path, (error as Error).message, error);
      throw error;
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #closeOnProcessExit(): void {
    if (this.#closed) return;
    this.#writerGone = true;
    try {
      this.#commitInline(false);
    } catch {
      // The process is exiting; there is nobody left to report to.
    }
    this.#writer?.terminate();
    try {
      this.#shutDown();
    } catch {
      // Releasing the leases failed (a full disk, a squeezed file-size limit): they expire on their own, and an
      // exception thrown while exiting would only print a stack trace over the error already reported.
    }
  }

  #shutDown(): void {
    this.#clearTimer();
    this.#closed = true;
    if (this.#renewTimer !== undefined) clearInterval(this.#renewTimer);
    this.#commits.stop();
    this.#closing.abort();
    untrackOpenJournal(this.#closeOnExit);
    try {
      // A read-only journal never took a lease. A release that fails (a full or failing disk) leaves rows whose
      // holder is this process; once it has exited they are stale, and the next writer takes them over.
      if (!this.#readOnly) this.#leases.releaseAll(this.#owner.token);
    } catch {
      // See above: nothing is lost by keeping the rows.
    } finally {
      this.#db.close();
      this.#settleStored();
    }
  }
}
