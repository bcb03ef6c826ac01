import type { LanguageModelV3 } from "@ai-sdk/provider";
import { DEFAULT_CONTEXT_WINDOW, DEFAULT_LOCAL_CONTEXT_WINDOW } from "../context-window.js";
import { ANTHROPIC_DEFAULT_BASE_URL, anthropicModel } from "./anthropic.js";
import { OPENAI_DEFAULT_BASE_URL, openaiModel } from "./openai.js";
import { openaiCompatibleModel } from "./openai-compatible.js";
import type { ProviderSettings } from "./provider-settings.js";

/** The providers a spec can name. */
export const MODEL_PROVIDERS = ["openai", "anthropic", "openai-compatible", "scripted"] as const;

/** A provider that talks HTTP (every one but `scripted`). */
export type HttpProviderName = Exclude<(typeof MODEL_PROVIDERS)[number], "scripted">;

/** What the runtime knows about one HTTP provider. Loading its package happens only in `load`. */
export interface ProviderEntry {
  /** Name for messages. */
  label: string;
  load: (settings: ProviderSettings) => Promise<LanguageModelV3>;
  /** Key variable; `required` when requests cannot work without it. */
  key: { envVar: string; required: boolean };
  /** Base URL variable and default, when the provider has a public endpoint. */
  baseUrl?: { envVar: string; default: string };
  defaultContextWindow: number;
}

/** The HTTP providers by spec prefix. */
export const PROVIDERS: Record<HttpProviderName, ProviderEntry> = {
  openai: {
    label: "OpenAI",
    load: openaiModel,
    key: { envVar: "OPENAI_API_KEY", required: true },
    baseUrl: { envVar: "OPENAI_BASE_URL", default: OPENAI_DEFAULT_BASE_URL },
    defaultContextWindow: DEFAULT_CONTEXT_WINDOW,
  },
  anthropic: {
    label: "Anthropic",
    load: anthropicModel,
    key: { envVar: "ANTHROPIC_API_KEY", required: true },
    baseUrl: { envVar: "ANTHROPIC_BASE_URL", default: ANTHROPIC_DEFAULT_BASE_URL },
    defaultContextWindow: DEFAULT_CONTEXT_WINDOW,
  },
  "openai-compatible": {
    label: "OpenAI-compatible",
    load: openaiCompatibleModel,
    key: { envVar: "OPENAI_COMPATIBLE_API_KEY", required: false },
    defaultContextWindow: DEFAULT_LOCAL_CONTEXT_WINDOW,
  },
};
