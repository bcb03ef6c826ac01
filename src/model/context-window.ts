/** Context windows (tokens) by model name prefix; the longest matching prefix wins. */
const WINDOWS: ReadonlyArray<readonly [prefix: string, tokens: number]> = [
  ["gpt-5", 400_000],
  ["gpt-4.1", 1_047_576],
  ["gpt-4o", 128_000],
  ["gpt-4-turbo", 128_000],
  ["gpt-4", 8_192],
  ["gpt-3.5-turbo", 16_385],
  ["o1", 200_000],
  ["o3", 200_000],
  ["o4-mini", 200_000],
  ["codex-mini", 200_000],
  ["gpt-oss", 131_072],
  ["claude-", 200_000],
  ["llama3.1", 131_072],
  ["llama3.2", 131_072],
  ["llama3.3", 131_072],
  ["llama-3.1", 131_072],
  ["llama-3.3", 131_072],
  ["qwen2.5-coder", 32_768],
  ["qwen3", 40_960],
  ["qwen3-coder", 262_144],
  ["deepseek-r1", 131_072],
  ["deepseek-v3", 131_072],
  ["deepseek-coder-v2", 163_840],
  ["mistral", 32_768],
  ["codestral", 262_144],
  ["devstral", 131_072],
  ["gemma3", 131_072],
  ["phi4", 16_384],
];

/** Window assumed for an unknown model of a hosted provider. */
export const DEFAULT_CONTEXT_WINDOW = 128_000;
/** Window assumed for an unknown local model: local servers often run with small windows. */
export const DEFAULT_LOCAL_CONTEXT_WINDOW = 32_768;

/**
 * The context window of `model`, looked up by name prefix (case-insensitive, ignoring an `org/` prefix and an
 * Ollama `:tag`), or `fallback` when the model is unknown.
 */
export function contextWindowFor(model: string, fallback: number = DEFAULT_CONTEXT_WINDOW): number {
  const name = (model.split("/").at(-1) ?? model).toLowerCase();
  let best: readonly [string, number] | undefined;
  for (const entry of WINDOWS) {
    if (name.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best ? best[1] : fallback;
}
