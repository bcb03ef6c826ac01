import type { ResultLine, StoredEvent } from "../../core/index.js";

/**
 * Turns journaled events into `--json` lines (docs/json-output.md): the event's own fields plus `sessionId`, `seq`,
 * `time`, `v` and the `turnId` of the turn it belongs to. Events stored before event schema 2 lacked the turn on
 * `exec.*`, `patch.applied` and `approval.decided`; it is filled in from the turn they sit in.
 */
export class JsonLines {
  private turnId: string | undefined;

  /** `agent`: who the session runs as before the first event given (a resumed run's active agent). */
  constructor(private agent = "agent") {}

  /** One event as a line, newline included. */
  event(stored: StoredEvent): string {
    const { event } = stored;
    if (event.type === "turn.started") this.turnId = event.turnId;
    // The active agent: the definition's, and the new one from a handoff on (its own line included).
    if (event.type === "session.started") this.agent = event.definition?.name ?? "agent";
    else if (event.type === "definition.changed") this.agent = event.definition.name;
    else if (event.type === "agent.handoff") this.agent = event.to;
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
      agent: this.agent,
    };
    return `${JSON.stringify(line)}\n`;
  }

  /** The final `result` line. */
  result(result: Omit<ResultLine, "type">): string {
    return `${JSON.stringify({ type: "result", ...result })}\n`;
  }
}
