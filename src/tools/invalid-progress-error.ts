import { ArtError } from "../core/index.js";

/**
 * A tool reported progress that cannot be journaled (data that is not a JSON value, a cycle, a plan of the wrong
 * shape). Nothing is journaled; the call fails with this error, whether or not the tool caught it.
 */
export class InvalidProgressError extends ArtError {
  constructor(tool: string, problem: string) {
    super("tool.invalid_progress", `The tool "${tool}" reported invalid progress: ${problem}.`, {
      hint: "Report progress as { message?: string, data?: <a JSON value> }.",
    });
  }
}
