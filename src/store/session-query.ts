import type { SessionSummary } from "./journal.js";

/** A session's status, as listed. */
export type SessionStatus = SessionSummary["status"];

/** What {@link Journal.listSessions} returns. */
export interface SessionQuery {
  /** Only sessions that ran in this workspace. */
  cwd?: string;
  /** Only sessions with this status (or one of these). */
  status?: SessionStatus | readonly SessionStatus[];
  /** Only forks of this session. */
  parentId?: string;
  /** At most this many per page. Default: all. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of sessions, newest first. */
export interface SessionPage {
  sessions: SessionSummary[];
  /** Present when more sessions match: pass it as `cursor` for the next page. */
  nextCursor?: string;
}
