import { ArtError } from "../../core/index.js";

/** A scripted model was asked for a response past the end of its script. */
export class ScriptExhaustedError extends ArtError {
  /** The 0-based index of the response that was asked for. */
  readonly index: number;

  constructor(source: string, index: number, available: number) {
    super(
      "model.script_exhausted",
      `The scripted model (${source}) has ${available} response${available === 1 ? "" : "s"} but the conversation asks for response #${index + 1}.`,
      { hint: "Add responses to the script, or end the task before the script runs out." },
    );
    this.index = index;
  }
}
