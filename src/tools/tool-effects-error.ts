import { ArtError } from "../core/index.js";

/** A tool tried something its declared `effects` do not cover (a `read` tool running a command). */
export class ToolEffectsError extends ArtError {
  constructor(tool: string, attempted: string, declared: string) {
    super(
      "tool.effects_violated",
      `The tool "${tool}" declared effects "${declared}" but tried to ${attempted}.`,
      {
        hint: 'Declare effects "exec" for a tool that runs commands, so the policy judges it as one.',
      },
    );
  }
}
