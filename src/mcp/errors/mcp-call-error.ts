import { ArtError } from "../../core/index.js";

/** How an MCP tool call failed without a result: the server went away, timed out, or refused the request. */
export type McpCallFailure = "crashed" | "timed_out" | "protocol";

/** An MCP tool call that got no result; the message names the server and the tool, never just "connection closed". */
export class McpCallError extends ArtError {
  readonly server: string;
  readonly failure: McpCallFailure;
  constructor(server: string, toolName: string, failure: McpCallFailure, detail: string) {
    const what =
      failure === "crashed"
        ? `MCP server "${server}" exited or closed its connection during the call to "${toolName}"${detail ? ` (${detail})` : ""}`
        : failure === "timed_out"
          ? `MCP tool "${toolName}" of server "${server}" sent neither a result nor progress for ${detail}`
          : `MCP server "${server}" refused the call to "${toolName}": ${detail}`;
    super(`mcp.call_${failure}`, `${what}.`, {
      hint:
        failure === "crashed"
          ? "Its tools are unavailable for the rest of the session."
          : failure === "timed_out"
            ? `Raise tool_timeout_sec for "${server}" if the tool is slow.`
            : undefined,
      isRetryable: failure === "timed_out",
    });
    this.server = server;
    this.failure = failure;
  }
}
