import { ArtError } from "../../core/index.js";

/**
 * An argument of one of `art mcp-server`'s tools is wrong: the tool answers with an `isError` result that names the
 * argument and says what to pass instead, never a protocol error or a stack trace.
 */
export class ToolArgumentError extends ArtError {
  constructor(
    /** The argument's name as the tool's input schema spells it (`cwd`, `session_id`). */
    readonly argument: string,
    problem: string,
    hint?: string,
  ) {
    super("mcp_server.bad_argument", `Argument "${argument}": ${problem}`, hint ? { hint } : {});
  }
}
