import { ArtError } from "../../core/index.js";

/** A turn handed the session from agent to agent more often than its team allows: a loop, most likely. */
export class HandoffLimitError extends ArtError {
  constructor(readonly limit: number) {
    super("agent.handoff_limit", `This turn already handed the conversation on ${limit} times, its limit.`, {
      hint: "Answer the user instead of transferring again; or raise maxHandoffsPerTurn (max_handoffs) if the agents really need more.",
    });
  }
}
