import type { AgentEvent } from "../core/index.js";

/**
 * Where a team's session stands, read from its journal: how many turns it started, whether the last one completed,
 * and its last message. A team turn uses it to hand a message to the session exactly once across a crash.
 */
export interface SessionPosition {
  turns: number;
  lastCompleted: boolean;
  lastText: string;
}

/** A position before any event. */
export function startPosition(): SessionPosition {
  return { turns: 0, lastCompleted: false, lastText: "" };
}

/** Moves `position` past one journaled event. */
export function advancePosition(position: SessionPosition, event: AgentEvent): void {
  if (event.type === "turn.started") {
    position.turns++;
    position.lastCompleted = false;
    position.lastText = "";
  } else if (event.type === "message.completed") position.lastText = event.text;
  else if (event.type === "turn.completed") position.lastCompleted = true;
}
