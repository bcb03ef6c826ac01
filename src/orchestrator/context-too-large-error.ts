import { ArtError } from "../core/index.js";

/**
 * Compaction could not bring the prompt under the compaction threshold: what it keeps (the system prompt, AGENTS.md,
 * the tool definitions, the user's recent messages verbatim, the summary) is already too large. The turn fails
 * rather than compacting again before every step.
 */
export class ContextTooLargeError extends ArtError {
  constructor(tokens: number, limitTokens: number, compactions: number) {
    super(
      "context.too_large",
      `The prompt is still about ${tokens} tokens after ${compactions} compaction attempts, over the compaction threshold of ${limitTokens} tokens.`,
      {
        hint: "Shorten the message, AGENTS.md or the instructions, use a model with a larger context window, or raise compactAt.",
      },
    );
  }
}
