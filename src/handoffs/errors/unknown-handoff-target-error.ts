import { ArtError } from "../../core/index.js";

/** A definition's `handoffs` names an agent nobody defined: names the agent (or its file) and the field. */
export class UnknownHandoffTargetError extends ArtError {
  constructor(
    /** The agent whose `handoffs` is wrong, or its file. */
    readonly where: string,
    /** The name that matches no agent. */
    readonly target: string,
    known: readonly string[],
  ) {
    super(
      "agent.unknown_handoff",
      `${where}: field "handoffs" names "${target}", which is not an agent (known: ${known.join(", ") || "none"}).`,
      {
        hint: "Name an agent that is defined (an agent file's name, or a definition passed in `agents`), or remove it.",
      },
    );
  }
}
