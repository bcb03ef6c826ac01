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
  fence: number;
  expires_at: number;
}

export function currentOwner(token: string): LeaseOwner {
  return { pid: process.pid, host: hostname(), token, processStart: processStartTime(process.pid) };
}

/**
 * Whether the lease holder `holder` may still be running, as seen by `owner`: a holder on another host cannot be
 * checked and counts as alive (its lease's expiry decides); on this host its pid must be alive and, when both are
 * known, started at the time the lease recorded (a pid reused after a crash is not the holder).
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
 * Per-session writer leases in the `session_leases` table. A lease lasts until `expires_at` (its writer renews
 * it) and carries a fencing token, `fence`, one larger on every acquisition; every commit checks that its writer's
 * token is still the session's, so a writer that lost the lease cannot store anything. Acquiring is refused with
 * {@link SessionBusyError} while the lease is unexpired and its holder may be alive; a holder that died on this
 * host, or any expired lease (on any host), is taken over. A release expires the row instead of deleting it, so
 * the token never goes back.
 */
export class SessionLeases {
  readonly #select: Database.Statement<[string], LeaseRow>;
  readonly #selectAll: Database.Statement<[], LeaseRow>;
  readonly #upsert: Database.Statement<
    [string, number, string, string, number, string | null, number, number]
  >;
  readonly #renew: Database.Statement<[number, string, string, number]>;
  readonly #releaseOne: Database.Statement<[string, string, number]>;
  readonly #releaseAll: Database.Statement<[string]>;
  readonly #acquire: Database.Transaction<
    (sessionId: string, owner: LeaseOwner, now: number, ttlMs: number) => number
  >;

  constructor(db: Database.Database) {
    this.#select = db.prepare(`${SELECT_LEASE} WHERE session_id = ?`);
    this.#selectAll = db.prepare(SELECT_LEASE);
    this.#upsert = db.prepare(WRITE_SQL.upsertLease);
    this.#renew = db.prepare(
      "UPDATE session_leases SET expires_at = ? WHERE session_id = ? AND token = ? AND fence = ? AND expires_at > 0",
    );
    this.#releaseOne = db.prepare(WRITE_SQL.releaseLease);
    this.#releaseAll = db.prepare("UPDATE session_leases SET expires_at = 0 WHERE token = ?");
    this.#acquire = db.transaction((sessionId: string, owner: LeaseOwner, now: number, ttlMs: number) => {
      const holder = this.#select.get(sessionId);
      if (holder && holder.token !== owner.token && isLive(holder, owner, now)) {
        throw new SessionBusyError(sessionId, describeHolder(holder, owner, now));
      }
      const fence = (holder?.fence ?? 0) + 1;
      this.#upsert.run(
        sessionId,
        owner.pid,
        owner.host,
        owner.token,
        now,
        owner.processStart,
        fence,
        now + ttlMs,
      );
      return fence;
    });
  }

  /**
   * Takes the lease of `sessionId` for `owner` until `now + ttlMs` and returns its fencing token, or throws
   * {@link SessionBusyError}. Runs its own immediate transaction, so two processes racing get different tokens
   * and only one of them the lease.
   */
  acquire(sessionId: string, owner: LeaseOwner, now: number, ttlMs: number): number {
    return this.#acquire.immediate(sessionId, owner, now, ttlMs);
  }

  /** Extends a held lease to `expiresAt`; false when `token`/`fence` no longer hold it (lost or released). */
  renew(sessionId: string, token: string, fence: number, expiresAt: number): boolean {
    return this.#renew.run(expiresAt, sessionId, token, fence).changes === 1;
  }

  /** The sessions whose lease a live writer holds (this journal included), as seen by `owner` at `now`. */
  liveHolders(owner: LeaseOwner, now: number): Set<string> {
    const live = new Set<string>();
    for (const row of this.#selectAll.all()) if (isLive(row, owner, now)) live.add(row.session_id);
    return live;
  }

  /** Gives up the lease of one session, if `token` still holds it with `fence`. */
  release(sessionId: string, token: string, fence: number): void {
    this.#releaseOne.run(sessionId, token, fence);
  }

  /** Gives up every lease `token` holds. */
  releaseAll(token: string): void {
    this.#releaseAll.run(token);
  }
}

const SELECT_LEASE =
  "SELECT session_id, pid, host, token, process_start, fence, expires_at FROM session_leases";

/** Unexpired (and not released) and held by a process that may be running. */
function isLive(row: LeaseRow, owner: LeaseOwner, now: number): boolean {
  return row.expires_at > now && isHolderAlive(row, owner);
}

function describeHolder(holder: LeaseRow, owner: LeaseOwner, now: number): string {
  const expiry = `its lease expires in ${Math.max(0, holder.expires_at - now)} ms unless renewed`;
  if (holder.host !== owner.host) return `process ${holder.pid} on host ${holder.host} (${expiry})`;
  if (holder.pid === owner.pid) return "another open journal in this process";
  return `another running process (pid ${holder.pid})`;
}
