import { ArtError } from "../../core/index.js";

/** An MCP server entry (config.toml or `.mcp.json`) is malformed or names an unset variable. */
export class McpConfigError extends ArtError {
  constructor(file: string, problem: string) {
    super("mcp.config_invalid", `MCP config ${file}: ${problem}.`, {
      hint: 'Fix the entry; see the README\'s "MCP servers" section for the keys there are.',
    });
  }
}
