import { ArtError } from "../../core/index.js";

/**
 * A remote MCP server asks for OAuth and we hold no usable tokens for it (none stored, or the stored ones were
 * refused and could not be refreshed), or `art mcp login` could not finish.
 */
export class McpAuthError extends ArtError {
  readonly server: string;
  constructor(server: string, problem: string, options: { cause?: unknown; login?: boolean } = {}) {
    super("mcp.auth_required", `MCP server "${server}" ${problem}.`, {
      hint:
        options.login === false
          ? `Try "art mcp login ${server}" again.`
          : `Run "art mcp login ${server}": it prints a URL to open in a browser and stores the tokens for the next sessions.`,
      cause: options.cause,
    });
    this.server = server;
  }
}
