import { ArtError } from "../../core/index.js";

/** `art mcp add|remove` could not change config.toml; the file is left exactly as it was. */
export class McpConfigEditError extends ArtError {
  constructor(file: string, problem: string, hint?: string) {
    super("mcp.config_edit", `Cannot change ${file}: ${problem}.`, {
      hint: hint ?? "The file is unchanged; edit it by hand.",
    });
  }
}
