import type { RunResult } from "../orchestrator/index.js";
import type { StopReason } from "./acp-types.js";

/**
 * The ACP stop reason of a run, or undefined when the run failed for another reason (then `session/prompt`
 * answers with an error that says why). Interrupted is `cancelled`: only `session/cancel` interrupts a turn here.
 */
export function stopReasonOf(result: RunResult): StopReason | undefined {
  switch (result.status) {
    case "completed":
      return "end_turn";
    case "interrupted":
      return "cancelled";
    case "failed":
      if (result.error?.code === "turn.max_steps") return "max_turn_requests";
      if (result.error?.code === "context.too_large") return "max_tokens";
      return undefined;
    default:
      return undefined;
  }
}
