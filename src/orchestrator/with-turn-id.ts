import type { AgentEvent } from "../core/index.js";
import type { SessionState } from "./session-state.js";

/**
 * The event with the `turnId` of the tool call it belongs to, when it names a call and has no turn of its own. The
 * command runner and tools emit `exec.*` and `patch.applied` knowing only their call; stamping them here, where the
 * session state knows which turn each pending call belongs to, gives every journaled event its turn.
 */
export function withTurnId(state: SessionState, event: AgentEvent): AgentEvent {
  if (!("callId" in event) || ("turnId" in event && event.turnId !== undefined)) return event;
  const turnId = state.pending.get(event.callId)?.turnId ?? state.turns.at(-1)?.turnId;
  return turnId === undefined ? event : { ...event, turnId };
}
