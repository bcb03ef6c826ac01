import { hostname } from "node:os";
import type Database from "better-sqlite3";
import { SessionBusyError } from "../errors/session-busy-error.js";
import { WRITE_SQL } from "./statements.js";

/** Who holds the right to append to a session: one open journal in one process. */
export interface LeaseOwner {
  pid: number;
  host: string;
  /** Unique per open journal, so two journals in one process exclude each other too. */
  token: string;
}

interface LeaseRow {
  pid: number;
  host: string;
  token: string;
}

export function currentOwner(token: string): LeaseOwner {
  return { pid: process.pid, host: hostname(), token };
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
  readonly #upsert: Database.Statement<[string, number, string, string, number]>;
  readonly #releaseOne: Database.Statement<[string, string]>;
  readonly #releaseAll: Database.Statement<[string]>;
  readonly #acquire: Database.Transaction<(sessionId: string, owner: LeaseOwner, now: number) => void>;

  constructor(db: Database.Database) {
    this.#select = db.prepare("SELECT pid, host, token FROM session_leases WHERE session_id = ?");
    this.#upsert = db.prepare(WRITE_SQL.upsertLease);
    this.#releaseOne = db.prepare(WRITE_SQL.releaseLease);
    this.#releaseAll = db.prepare("DELETE FROM session_leases WHERE token = ?");
    this.#acquire = db.transaction((sessionId: string, owner: LeaseOwner, now: number) => {
      const holder = this.#select.get(sessionId);
      if (holder && holder.token !== owner.token && !this.#isStale(holder, owner)) {
        throw new SessionBusyError(sessionId, describeHolder(holder, owner));
      }
      this.#upsert.run(sessionId, owner.pid, owner.host, owner.token, now);
    });
  }

  /** Takes the lease of `sessionId` for `owner`, or throws {@link SessionBusyError}. Runs its own transaction. */
  acquire(sessionId: string, owner: LeaseOwner, now: number): void {
    this.#acquire.immediate(sessionId, owner, now);
  }

  /** Records the lease of a session being created; call inside the commit transaction. */
  create(sessionId: string, owner: LeaseOwner, now: number): void {
    this.#upsert.run(sessionId, owner.pid, owner.host, owner.token, now);
  }

  /** Gives up the lease of one session, if `token` holds it. */
  release(sessionId: string, token: string): void {
    this.#releaseOne.run(sessionId, token);
  }

  /** Gives up every lease `token` holds. */
  releaseAll(token: string): void {
    this.#releaseAll.run(token);
  }

  #isStale(holder: LeaseRow, owner: LeaseOwner): boolean {
    return holder.host === owner.host && holder.pid !== owner.pid && !isProcessAlive(holder.pid);
  }
}

function describeHolder(holder: LeaseRow, owner: LeaseOwner): string {
  if (holder.host !== owner.host) return `process ${holder.pid} on host ${holder.host}`;
  if (holder.pid === owner.pid) return "another open journal in this process";
  return `another running process (pid ${holder.pid})`;
}
