import type { ArtError } from "../../core/index.js";
import { EVENT_SCHEMA_VERSION } from "../../core/index.js";
import type { EventRecord } from "../event-codec.js";
import type { SessionState } from "../session-state.js";
import type { LeaseOwner } from "./session-lease.js";
import { sessionRowValues, sessionUpdateValues } from "./statements.js";
import type { SessionWrite } from "./writer-protocol.js";

/** What the SQLite journal tracks for a session it appends to. */
export interface SqliteSession extends SessionState {
  /** Appended, not yet handed to a writer; replaced (never emptied in place) so readers can hold a snapshot. */
  pending: EventRecord[];
  /** Handed to the writer thread, not yet known to be committed, oldest first. */
  inflight: { id: number; records: EventRecord[] }[];
  /** The `sessions` row does not exist yet; the next write inserts it. */
  isNew: boolean;
  /** This journal holds the session's writer lease. */
  leased: boolean;
  /** The lease's fencing token; every write of this session carries it. */
  fence: number;
  /** The lease's length; renewal extends it to `now + ttlMs`. */
  ttlMs: number;
  /** The {@link JournalWriter} handed out for this lease by `acquire`, if any. */
  writer: object | undefined;
  /** The last event appended was `session.ended`: give the lease up with the write. */
  releaseOnCommit: boolean;
  /** Last writer-thread request carrying this session's events; a lease release waits for it. */
  lastRequest: number;
  /**
   * Set when a commit found another writer's events at our seqs (`store.session_busy`) or the lease taken over
   * (`store.lease_lost`); every later append to the session fails with it.
   */
  conflict: ArtError | undefined;
}

/**
 * The write requests for `sessions`' pending events. With `idempotent` (writing again what the writer thread may
 * have committed in part) they also carry the in-flight events, and every session row is upserted.
 */
export function writesOf(sessions: SqliteSession[], owner: LeaseOwner, idempotent: boolean): SessionWrite[] {
  const writes: SessionWrite[] = [];
  for (const session of sessions) {
    if (session.conflict) continue;
    const records = idempotent
      ? [...session.inflight.flatMap((batch) => batch.records), ...session.pending]
      : session.pending;
    const summary = session.summary!;
    const isNew = session.isNew || idempotent;
    const count = records.length;
    // Joined flat (Array#join, not +=) so the message to the writer thread is two plain strings to copy.
    const types = new Array<string>(count);
    const payloads = new Array<string>(count);
    const times = new Array<number>(count);
    for (let i = 0; i < count; i++) {
      const record = records[i]!;
      types[i] = record.type;
      payloads[i] = record.payload;
      times[i] = record.time;
    }
    writes.push({
      id: session.id,
      insert: isNew ? sessionRowValues(summary) : null,
      token: owner.token,
      fence: session.fence,
      update: isNew ? null : sessionUpdateValues(summary),
      firstSeq: count > 0 ? records[0]!.seq : session.lastSeq + 1,
      count,
      types: types.join("\n"),
      payloads: payloads.join("\n"),
      times,
      v: EVENT_SCHEMA_VERSION,
      release: session.releaseOnCommit,
    });
  }
  return writes;
}
