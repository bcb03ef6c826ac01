import { InvalidMemoryError } from "./errors.js";

/** How a session uses long-term memory, from the runtime's environment. */
export interface MemorySettings {
  /** Embedder spec (`ART_MEMORY_EMBEDDER`): `default` (offline), `openai:<model>`, `openai-compatible:<model>`. */
  embedder: string;
  /** Base URL for `openai-compatible:` embedders (`ART_MEMORY_EMBEDDER_BASE_URL`). */
  embedderBaseUrl?: string;
  /** Vector length of an `openai-compatible:` model (`ART_MEMORY_EMBEDDER_DIMENSIONS`); else one probe asks. */
  embedderDimensions?: number;
  /**
   * Token budget of the relevant memories the context builder adds to each turn (`ART_MEMORY_CONTEXT_TOKENS`);
   * 0, the default, adds none.
   */
  contextTokens: number;
}

/** Reads {@link MemorySettings} from `env`; a malformed value is a typed error naming the variable. */
export function memorySettingsFrom(env: NodeJS.ProcessEnv): MemorySettings {
  const raw = env.ART_MEMORY_CONTEXT_TOKENS?.trim();
  const contextTokens = raw ? Number(raw) : 0;
  if (!Number.isInteger(contextTokens) || contextTokens < 0 || contextTokens > 100_000)
    throw new InvalidMemoryError(
      `ART_MEMORY_CONTEXT_TOKENS is "${raw}", not a whole number of tokens from 0 to 100000.`,
      "Set it to e.g. 500, or to 0 (the default) to add no memories to the context.",
    );
  const baseUrl = env.ART_MEMORY_EMBEDDER_BASE_URL?.trim();
  const dimsRaw = env.ART_MEMORY_EMBEDDER_DIMENSIONS?.trim();
  const dims = dimsRaw ? Number(dimsRaw) : undefined;
  if (dims !== undefined && (!Number.isInteger(dims) || dims < 1 || dims > 65_536))
    throw new InvalidMemoryError(
      `ART_MEMORY_EMBEDDER_DIMENSIONS is "${dimsRaw}", not a vector length.`,
      "Set it to the model's output size (e.g. 768), or unset it to ask the server.",
    );
  return {
    embedder: env.ART_MEMORY_EMBEDDER?.trim() || "default",
    ...(baseUrl ? { embedderBaseUrl: baseUrl } : {}),
    ...(dims ? { embedderDimensions: dims } : {}),
    contextTokens,
  };
}
