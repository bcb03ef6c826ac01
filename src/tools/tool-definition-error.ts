import { ArtError } from "../core/index.js";

/**
 * A tool was defined wrongly (a name providers refuse, an unknown `effects`, an input schema that is neither zod
 * nor a JSON Schema object, or one the validator cannot compile). Raised by `tool()`, or by the first call of a
 * JSON Schema tool whose schema does not compile; the call then fails without running.
 */
export class ToolDefinitionError extends ArtError {
  constructor(tool: string, problem: string) {
    super("tool.invalid_definition", `The tool "${tool}" is defined wrongly: ${problem}.`, {
      hint: "Fix the tool's definition (see tool() in the library's documentation).",
    });
  }
}
