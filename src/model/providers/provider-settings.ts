/** What every provider factory needs to build a model. */
export interface ProviderSettings {
  /** The provider's model id, e.g. `gpt-5` or `claude-sonnet-4-5`. */
  model: string;
  /** Base URL of the API, ending where the provider appends `/responses`, `/messages`, `/chat/completions`. */
  baseUrl: string;
  /** API key, when the provider needs or accepts one. */
  apiKey: string | undefined;
  /** Fetch to use instead of the global one. */
  fetch: typeof fetch | undefined;
}
