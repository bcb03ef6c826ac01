import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { ProviderSettings } from "./provider-settings.js";

/** The default base URL of the Anthropic API. */
export const ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com/v1";

/** An Anthropic model over the Messages API. The provider package is imported only when a model is built. */
export async function anthropicModel(settings: ProviderSettings): Promise<LanguageModelV3> {
  const { createAnthropic } = await import("@ai-sdk/anthropic");
  const provider = createAnthropic({
    baseURL: settings.baseUrl,
    ...(settings.apiKey !== undefined ? { apiKey: settings.apiKey } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  return provider.messages(settings.model);
}
