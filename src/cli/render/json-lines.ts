import type { StoredEvent } from "../../core/index.js";

/** One event as a `--json` line: the event's own fields plus where it sits in the journal. */
export function eventJsonLine(stored: StoredEvent): string {
  return `${JSON.stringify({ ...stored.event, session_id: stored.sessionId, seq: stored.seq, time: stored.time })}\n`;
}
