import { ArtError } from "../../core/index.js";

/** Two handoff targets of one agent sanitise to the same `transfer_to_<name>` tool, or a target clashes with a tool. */
export class HandoffNameClashError extends ArtError {
  constructor(agent: string, toolName: string, what: string) {
    super(
      "agent.handoff_name_clash",
      `Agent "${agent}": its handoff tool "${toolName}" clashes with ${what}.`,
      {
        hint: "Rename one of the agents (tool names keep only letters, digits, _ and -).",
      },
    );
  }
}
