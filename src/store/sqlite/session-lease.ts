import { hostname } from "node:os";
import type Database from "better-sqlite3";
import { processStartTime } from "../../lock/index.js";
import { SessionBusyError } from "../errors/session-busy-error.js";
import { WRITE_SQL } from "./statements.js";

/** Who holds the right to append to a session: one open journal in one process. */
export interface LeaseOwner {
  pid: number;
  host: string;
  /** Unique per open journal, so two journals in one process exclude each other too. */
  token: string;
  /** The holder's start time (Linux), to tell a reused pid from the holder; null where it cannot be read. */
  processStart: string | null;
}

interface LeaseRow {
  session_id: string;
  pid: number;
  host: string;
  token: string;
  process_start: string | null;
}

export function currentOwner(token: string): LeaseOwner {
  return { pid: process.pid, host: hostname(), token, processStart: processStartTime(process.pid) };
}

/**
 * Whether the lease holder `holder` may still be running, as seen by `owner`: a holder on another host cannot be
 * checked and counts as alive; on this host its pid must be alive and, when both are known, started at the time
 * the lease recorded (a pid reused after a crash is not the holder).
 */
function isHolderAlive(holder: LeaseRow, owner: LeaseOwner): boolean {
  if (holder.token === owner.token) return true;
  if (holder.host !== owner.host) return true;
  if (holder.pid === owner.pid) {
    // Another open journal of this very process, unless the pid is a dead holder's, reused by us.
    return (
      holder.process_start === null ||
      owner.processStart === null ||
      holder.process_start === owner.processStart
    );
  }
  if (!isProcessAlive(holder.pid)) return false;
  if (holder.process_start === null) return true;
  const current = processStartTime(holder.pid);
  return current === null || current === holder.process_start;
}

/** True unless `pid` is known to be gone (signal 0 reaches it, or it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Per-session writer leases in the `session_leases` table. A journal takes the lease when it first appends to an
 * existing session (and creates it with the session on `session.started`); another writer is refused with
 * {@link SessionBusyError} unless the holder's process is dead on this host, in which case the stale lease is taken
 * over. A holder on another host cannot be checked and is always respected.
 */
export class SessionLeases {
  readonly #select: Database.Statement<[string], LeaseRow>;
  readonly #selectAll: Database.Statement<[], LeaseRow>;
  readonly #upsert: Database.Statement<[string, number, string, string, number, string | null]>;
  readonly #releaseOne: Database.Statement<[string, string]>;
  readonly #releaseAll: Database.Statement<[string]>;
  readonly #acquire: Database.Transaction<(sessionId: string, owner: LeaseOwner, now: number) => void>;

  constructor(db: Database.Database) {
    this.#select = db.prepare(`${SELECT_LEASE} WHERE session_id = ?`);
    this.#selectAll = db.prepare(SELECT_LEASE);
    this.#upsert = db.prepare(WRITE_SQL.upsertLease);
    this.#releaseOne = db.prepare(WRITE_SQL.releaseLease);
    this.#releaseAll = db.prepare("DELETE FROM session_leases WHERE token = ?");
    this.#acquire = db.transaction((sessionId: string, owner: LeaseOwner, now: number) => {
      const holder = this.#select.get(sessionId);
      if (holder && isHolderAlive(holder, owner) && holder.token !== owner.token) {
        throw new SessionBusyError(sessionId, describeHolder(holder, owner));
      }
      this.#upsert.run(sessionId, owner.pid, owner.host, owner.token, now, owner.processStart);
    });
  }

  /** Takes the lease of `sessionId` for `owner`, or throws {@link SessionBusyError}. Runs its own transaction. */
  acquire(sessionId: string, owner: LeaseOwner, now: number): void {
    this.#acquire.immediate(sessionId, owner, now);
  }

  /** Records the lease of a session being created; call inside the commit transaction. */
  create(sessionId: string, owner: LeaseOwner, now: number): void {
    this.#upsert.run(sessionId, owner.pid, owner.host, owner.token, now, owner.processStart);
  }

  /** The sessions whose lease a live writer holds (this journal included), as seen by `owner`. */
  liveHolders(owner: LeaseOwner): Set<string> {
    const live = new Set<string>();
    for (const row of this.#selectAll.all()) if (isHolderAlive(row, owner)) live.add(row.session_id);
    return live;
  }

  /** Gives up the lease of one session, if `token` holds it. */
  release(sessionId: string, token: string): void {
    this.#releaseOne.run(sessionId, token);
  }

  /** Gives up every lease `token` holds. */
  releaseAll(token: string): void {
    this.#releaseAll.run(token);
  }
}

const SELECT_LEASE = "SELECT session_id, pid, host, token, process_start FROM session_leases";

function describeHolder(holder: LeaseRow, owner: LeaseOwner): string {
  if (holder.host !== owner.host) return `process ${holder.pid} on host ${holder.host}`;
  if (holder.pid === owner.pid) return "another open journal in this process";
  return `another running process (pid ${holder.pid})`;
}
