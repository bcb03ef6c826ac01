import type { AgentEvent } from "../core/index.js";
import type { SessionSummary } from "./journal.js";

/** Longest title kept from the first turn's input. */
export const TITLE_MAX_LENGTH = 80;

/** The first turn's input as a one-line title of at most {@link TITLE_MAX_LENGTH} characters. */
export function titleFrom(input: string): string {
  const line = input.replace(/\s+/g, " ").trim();
  return line.length <= TITLE_MAX_LENGTH ? line : `${line.slice(0, TITLE_MAX_LENGTH - 1)}…`;
}

/**
 * Folds one event into a session's summary, in place. Only the event types that change the summary are looked at:
 * `session.started` creates it, `turn.started` counts the turn (the first one sets the title, every one puts the
 * session back to `running`), `session.ended` sets the final status. `updatedAt` is set by the caller, once per
 * append.
 */
export function foldSummary(
  summary: SessionSummary | undefined,
  sessionId: string,
  event: AgentEvent,
  time: number,
): SessionSummary | undefined {
  switch (event.type) {
    case "session.started":
      return {
        id: sessionId,
        cwd: event.cwd,
        model: event.settings.model,
        title: "",
        status: "running",
        createdAt: time,
        updatedAt: time,
        turns: 0,
        ...(event.forkedFrom ? { parentId: event.forkedFrom.sessionId } : {}),
        ...(event.parent ? { parentId: event.parent.sessionId } : {}),
      };
    case "turn.started":
      if (summary) {
        if (summary.turns === 0 && summary.title === "") summary.title = titleFrom(event.input);
        summary.turns++;
        summary.status = "running";
      }
      return summary;
    case "session.ended":
      if (summary) summary.status = event.reason;
      return summary;
    case "settings.changed":
      if (summary) summary.model = event.settings.model;
      return summary;
    default:
      return summary;
  }
}
