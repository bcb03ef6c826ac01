import { ArtError } from "../core/index.js";

/**
 * A tool returned something that cannot be journaled as its result (a JSON part that is not JSON, an image that
 * is not base64 or too large). The call fails with this instead, so the session stays readable.
 */
export class InvalidToolResultError extends ArtError {
  constructor(tool: string, problem: string) {
    super("tool.invalid_result", `The tool "${tool}" returned an invalid result: ${problem}.`, {
      hint: "The tool's author must return a string or { content: [...] } of text, JSON values and base64 images.",
    });
  }
}
