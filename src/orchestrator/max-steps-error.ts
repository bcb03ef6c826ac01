import { ArtError } from "../core/index.js";

/** A turn ran more sampling steps than allowed, most likely a loop. */
export class MaxStepsError extends ArtError {
  constructor(limit: number) {
    super("turn.max_steps", `The turn stopped after ${limit} model steps without finishing.`, {
      hint: "Resume the session with a more specific follow-up, or raise maxSteps.",
    });
  }
}
