import { ArtError } from "../../core/index.js";

/** An MCP server did not start (or list its tools) in time, or at all. */
export class McpStartError extends ArtError {
  readonly server: string;
  constructor(server: string, problem: string, options: { required: boolean; cause?: unknown }) {
    super("mcp.start_failed", `MCP server "${server}" did not start: ${problem}.`, {
      hint: options.required
        ? `It is required, so the session does not start. Check it with "art mcp test ${server}", raise startup_timeout_sec, or set required = false.`
        : `The session goes on without its tools. Check it with "art mcp test ${server}".`,
      cause: options.cause,
      isRetryable: true,
    });
    this.server = server;
  }
}
