import { ArtError } from "../core/index.js";

/** A model called a tool with arguments that do not match its schema. The model reads this and can retry. */
export class InvalidToolArgumentsError extends ArtError {
  constructor(tool: string, problems: string) {
    super("tool.invalid_arguments", `Invalid arguments for tool "${tool}": ${problems}`, {
      hint: "Call the tool again with arguments that match its schema.",
    });
  }
}
