import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { ProviderSettings } from "./provider-settings.js";

/**
 * A model behind any server that speaks OpenAI Chat Completions (Ollama, vLLM, llama.cpp server, LM Studio, ...).
 * Usage is requested in the stream (`stream_options.include_usage`). Imported only when a model is built.
 */
export async function openaiCompatibleModel(settings: ProviderSettings): Promise<LanguageModelV3> {
  const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
  const provider = createOpenAICompatible({
    name: "openai-compatible",
    baseURL: settings.baseUrl,
    includeUsage: true,
    ...(settings.apiKey !== undefined ? { apiKey: settings.apiKey } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  return provider.chatModel(settings.model);
}
