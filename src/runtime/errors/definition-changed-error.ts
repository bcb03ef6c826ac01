import { ArtError } from "../../core/index.js";

/**
 * A resume would run a session under another prompt or other tools than it journaled. Nothing was journaled and
 * nothing ran.
 */
export class DefinitionChangedError extends ArtError {
  constructor(
    readonly sessionId: string,
    /** What differs, e.g. `["systemPrompt", "tools.read_file", "tools.+deploy"]`. */
    readonly changed: readonly string[],
  ) {
    super(
      "runtime.definition_changed",
      `Session ${sessionId} was started under another definition than this resume's (differs: ${changed.join(", ")}).`,
      {
        hint: "Resume it with the agent it was started with, or pass adoptDefinition: true to journal this definition as definition.changed and run under it.",
      },
    );
  }
}
