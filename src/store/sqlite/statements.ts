import type Database from "better-sqlite3";
import type { EventRecord } from "../event-codec.js";
import type { SessionSummary } from "../journal.js";

/** Rows inserted by one multi-row INSERT; fewer statements per commit is most of the write cost saved. */
export const INSERT_CHUNK = 32;

/** Events fetched per query when reading, so a long session is streamed, never loaded whole. */
export const READ_PAGE = 512;

/** A `sessions` row. */
export interface SessionRow {
  id: string;
  cwd: string;
  model: string;
  title: string;
  status: SessionSummary["status"];
  created_at: number;
  updated_at: number;
  turns: number;
  parent_id: string | null;
}

export function summaryFromRow(row: SessionRow): SessionSummary {
  return {
    id: row.id,
    cwd: row.cwd,
    model: row.model,
    title: row.title,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    turns: row.turns,
    ...(row.parent_id !== null ? { parentId: row.parent_id } : {}),
  };
}

const SESSION_COLUMNS = "id, cwd, model, title, status, created_at, updated_at, turns, parent_id";
const EVENT_VALUES = "(?, ?, ?, ?, ?, ?)";
const INSERT_EVENT = "INSERT INTO events (session_id, seq, type, payload, time, v) VALUES ";

/** The statements that write, shared by the connection on the main thread and the writer thread. */
export const WRITE_SQL = {
  insertEvent: INSERT_EVENT + EVENT_VALUES,
  insertEvents: INSERT_EVENT + new Array(INSERT_CHUNK).fill(EVENT_VALUES).join(", "),
  /** For writing after a crash of the writer thread, when some of the events may already be stored. */
  insertEventIfAbsent: `INSERT OR IGNORE INTO events (session_id, seq, type, payload, time, v) VALUES ${EVENT_VALUES}`,
  insertSession: `INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  upsertSession: `INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, status = excluded.status, updated_at = excluded.updated_at,
    turns = excluded.turns, model = excluded.model`,
  updateSession:
    "UPDATE sessions SET title = ?, status = ?, updated_at = ?, turns = ?, model = ? WHERE id = ?",
  upsertLease:
    "INSERT OR REPLACE INTO session_leases (session_id, pid, host, token, acquired_at, process_start, fence, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  /** Expires a lease (its row stays, so the next fencing token is still larger). */
  releaseLease: "UPDATE session_leases SET expires_at = 0 WHERE session_id = ? AND token = ? AND fence = ?",
  /** The fencing token `token` holds on a session; every commit checks it is still the writer's. */
  checkLease: "SELECT fence FROM session_leases WHERE session_id = ? AND token = ?",
  markFlush: "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_flush_at', ?)",
} as const;

/** The `sessions` row values of a summary, in `insertSession` / `upsertSession` order. */
export function sessionRowValues(
  summary: SessionSummary,
): [string, string, string, string, string, number, number, number, string | null] {
  return [
    summary.id,
    summary.cwd,
    summary.model,
    summary.title,
    summary.status,
    summary.createdAt,
    summary.updatedAt,
    summary.turns,
    summary.parentId ?? null,
  ];
}

/** The `updateSession` values of a summary. */
export function sessionUpdateValues(
  summary: SessionSummary,
): [string, string, number, number, string, string] {
  return [summary.title, summary.status, summary.updatedAt, summary.turns, summary.model, summary.id];
}

/** The parameters of {@link Statements.listSessions}; null means "no such filter", a limit of -1 "all". */
export interface ListParameters {
  cwd: string | null;
  parentId: string | null;
  afterCreated: number | null;
  afterId: string | null;
  limit: number;
}

/** Every statement the journal runs on its main-thread connection, prepared once. */
export class Statements {
  readonly insertEvent: Database.Statement<[string, number, string, string, number, number]>;
  readonly insertEvents: Database.Statement<unknown[]>;
  readonly insertEventIfAbsent: Database.Statement<[string, number, string, string, number, number]>;
  readonly readPage: Database.Statement<[string, number, number], EventRecord>;
  readonly lastSeq: Database.Statement<[string], number | null>;
  readonly insertSession: Database.Statement<unknown[]>;
  readonly upsertSession: Database.Statement<unknown[]>;
  readonly updateSession: Database.Statement<unknown[]>;
  readonly getSession: Database.Statement<[string], SessionRow>;
  readonly listSessions: Database.Statement<[ListParameters], SessionRow>;
  readonly markFlush: Database.Statement<[string]>;
  readonly upsertLease: Database.Statement<unknown[]>;
  readonly releaseLease: Database.Statement<[string, string, number]>;

  constructor(db: Database.Database) {
    this.insertEvent = db.prepare(WRITE_SQL.insertEvent);
    this.insertEvents = db.prepare(WRITE_SQL.insertEvents);
    this.insertEventIfAbsent = db.prepare(WRITE_SQL.insertEventIfAbsent);
    this.readPage = db.prepare(
      "SELECT seq, type, payload, time, v FROM events WHERE session_id = ? AND seq >= ? ORDER BY seq LIMIT ?",
    );
    this.lastSeq = db
      .prepare("SELECT max(seq) FROM events WHERE session_id = ?")
      .pluck() as Database.Statement<[string], number | null>;
    this.insertSession = db.prepare(WRITE_SQL.insertSession);
    this.upsertSession = db.prepare(WRITE_SQL.upsertSession);
    this.updateSession = db.prepare(WRITE_SQL.updateSession);
    this.getSession = db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`);
    this.listSessions = db.prepare(
      `SELECT ${SESSION_COLUMNS} FROM sessions
       WHERE (@cwd IS NULL OR cwd = @cwd) AND (@parentId IS NULL OR parent_id = @parentId)
         AND (@afterCreated IS NULL OR created_at < @afterCreated OR (created_at = @afterCreated AND id < @afterId))
       ORDER BY created_at DESC, id DESC LIMIT @limit`,
    );
    this.markFlush = db.prepare(WRITE_SQL.markFlush);
    this.upsertLease = db.prepare(WRITE_SQL.upsertLease);
    this.releaseLease = db.prepare(WRITE_SQL.releaseLease);
  }
}
