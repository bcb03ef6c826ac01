import { ArtError } from "../../core/index.js";

/** A session needs something only its agent definition can give (its own tools, an AI SDK model object). */
export class DefinitionRequiredError extends ArtError {
  constructor(sessionId: string, missing: string) {
    super(
      "runtime.definition_required",
      `Session ${sessionId} needs ${missing}, which this resume was not given.`,
      {
        hint: "Resume it with its agent: runtime.resume(sessionId, { agent }).",
      },
    );
  }
}
