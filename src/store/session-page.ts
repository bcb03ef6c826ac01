import { InvalidInputError } from "../core/index.js";
import type { SessionSummary } from "./journal.js";
import type { SessionPage, SessionQuery } from "./session-query.js";

/** Where a page ended: the last session listed, in `listSessions` order (newest `createdAt`, then id, first). */
export interface SessionCursor {
  createdAt: number;
  id: string;
}

const CURSOR_VERSION = 1;

/** An opaque, versioned cursor string for the page after `last`. */
export function encodeCursor(last: SessionSummary): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, last.createdAt, last.id])).toString("base64url");
}

/** The position a cursor string names; `input.invalid` for one this build did not make. */
export function decodeCursor(cursor: string): SessionCursor {
  try {
    const [version, createdAt, id] = JSON.parse(
      Buffer.from(cursor, "base64url").toString("utf8"),
    ) as unknown[];
    if (version === CURSOR_VERSION && typeof createdAt === "number" && typeof id === "string") {
      return { createdAt, id };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new InvalidInputError(
    `The session list cursor ${JSON.stringify(cursor)} is not one this journal made.`,
    {
      hint: "Pass the nextCursor of the previous page, or no cursor for the first page.",
    },
  );
}

/** `listSessions` order: newest `createdAt` first, then by id (ids are time-ordered) descending. */
export function newestFirst(a: SessionSummary, b: SessionSummary): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** True when `summary` comes after `cursor` in `listSessions` order. */
export function isAfter(summary: SessionSummary, cursor: SessionCursor): boolean {
  return (
    summary.createdAt < cursor.createdAt || (summary.createdAt === cursor.createdAt && summary.id < cursor.id)
  );
}

/** True when `summary` passes the query's filters (cwd, parentId, status); the cursor is checked apart. */
export function matchesFilters(summary: SessionSummary, query: SessionQuery): boolean {
  if (query.cwd !== undefined && summary.cwd !== query.cwd) return false;
  if (query.parentId !== undefined && summary.parentId !== query.parentId) return false;
  if (query.status !== undefined) {
    const statuses = typeof query.status === "string" ? [query.status] : query.status;
    if (!statuses.includes(summary.status)) return false;
  }
  return true;
}

/**
 * One page of `candidates` (summaries already filtered, copied and after the cursor; any order): sorted, cut at the
 * limit, with a cursor when more remain.
 */
export function pageOf(candidates: SessionSummary[], query: SessionQuery): SessionPage {
  candidates.sort(newestFirst);
  const limit = query.limit === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(query.limit));
  if (candidates.length <= limit) return { sessions: candidates };
  const sessions = candidates.slice(0, limit);
  const last = sessions.at(-1);
  // A limit of 0 returns no sessions and no way on: there is no position to continue from.
  return last ? { sessions, nextCursor: encodeCursor(last) } : { sessions };
}
