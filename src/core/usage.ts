import { z } from "zod";

/** Token counts reported by a model; fields a provider does not report are 0. */
export const Usage = z.object({
  /** Tokens in the prompt, including cached ones. */
  inputTokens: z.number().int().nonnegative(),
  /** Tokens generated, including reasoning. */
  outputTokens: z.number().int().nonnegative(),
  /** Prompt tokens served from the provider's cache. */
  cachedInputTokens: z.number().int().nonnegative().default(0),
  /** Generated tokens spent on reasoning. */
  reasoningTokens: z.number().int().nonnegative().default(0),
});
export type Usage = z.infer<typeof Usage>;

/** Usage with every count at zero. */
export const ZERO_USAGE: Usage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  reasoningTokens: 0,
});
