import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { ProviderSettings } from "./provider-settings.js";

/** The default base URL of the OpenAI API. */
export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** An OpenAI model over the Responses API. The provider package is imported only when a model is built. */
export async function openaiModel(settings: ProviderSettings): Promise<LanguageModelV3> {
  const { createOpenAI } = await import("@ai-sdk/openai");
  const provider = createOpenAI({
    baseURL: settings.baseUrl,
    ...(settings.apiKey !== undefined ? { apiKey: settings.apiKey } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  return provider.responses(settings.model);
}
