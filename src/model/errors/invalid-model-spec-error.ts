import { ArtError } from "../../core/index.js";

/** A model spec (`provider:model`) could not be used as given. */
export class InvalidModelSpecError extends ArtError {
  /** The spec as it was given. */
  readonly spec: string;

  constructor(spec: string, problem: string, hint?: string) {
    super("model.spec_invalid", `Model spec "${spec}" is not usable: ${problem}.`, {
      hint:
        hint ??
        "Use openai:<model>, anthropic:<model>, openai-compatible:<model> (with a base URL) or scripted:<file>.",
    });
    this.spec = spec;
  }
}
