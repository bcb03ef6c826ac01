import { ArtError } from "../core/index.js";

/** A model called a tool that does not exist in this session. */
export class UnknownToolError extends ArtError {
  constructor(name: string, available: string[]) {
    super("tool.unknown", `There is no tool named "${name}".`, {
      hint: `Available tools: ${available.join(", ")}.`,
    });
  }
}
