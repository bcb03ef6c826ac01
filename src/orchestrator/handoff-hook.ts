import type { AgentEvent } from "../core/index.js";
import type { PendingCall, SessionState } from "./session-state.js";

/**
 * How the tool phase hands a session to another agent (implemented in `src/handoffs/`): which calls are transfers,
 * and the `agent.handoff` event a transfer journals. The phase intercepts transfer calls (they do nothing to the
 * world, so they skip the gate): the first of a step wins, the others get an error result, the calls after it are
 * not run, and the step ends.
 */
export interface HandoffHook {
  /** The agent a call of `toolName` hands the session to, when it is one of the active agent's transfer tools. */
  targetOf(state: SessionState, toolName: string): string | undefined;
  /**
   * The `agent.handoff` event for `call` (its arguments checked), given the text of the call's result (which the
   * next agent's input filter sees as the last item). Throws a typed error when the handoff is not allowed (the
   * turn's limit): the turn then fails with it.
   */
  handoff(state: SessionState, call: PendingCall, args: unknown, output: string): AgentEvent;
}
