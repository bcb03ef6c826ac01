import type { ResultLine, StoredEvent } from "../../core/index.js";

/**
 * Turns journaled events into `--json` lines (docs/json-output.md): the event's own fields plus `sessionId`, `seq`,
 * `time`, `v` and the `turnId` of the turn it belongs to. Events stored before event schema 2 lacked the turn on
 * `exec.*`, `patch.applied` and `approval.decided`; it is filled in from the turn they sit in.
 */
export class JsonLines {
  private turnId: string | undefined;

  /** One event as a line, newline included. */
  event(stored: StoredEvent): string {
    const { event } = stored;
    if (event.type === "turn.started") this.turnId = event.turnId;
    const inTurn =
      event.type !== "session.started" &&
      event.type !== "settings.changed" &&
      event.type !== "definition.changed" &&
      event.type !== "session.ended";
    const turnId =
      "turnId" in event && event.turnId !== undefined ? event.turnId : inTurn ? this.turnId : undefined;
    const line = {
      ...event,
      sessionId: stored.sessionId,
      seq: stored.seq,
      time: stored.time,
      v: stored.v,
      ...(turnId !== undefined ? { turnId } : {}),
    };
    return `${JSON.stringify(line)}\n`;
  }

  /** The final `result` line. */
  result(result: Omit<ResultLine, "type">): string {
    return `${JSON.stringify({ type: "result", ...result })}\n`;
  }
}
