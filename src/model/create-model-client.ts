import type { LanguageModelV3 } from "@ai-sdk/provider";
import { InvalidInputError } from "../core/index.js";
import { contextWindowFor, DEFAULT_CONTEXT_WINDOW, DEFAULT_LOCAL_CONTEXT_WINDOW } from "./context-window.js";
import { InvalidModelSpecError } from "./errors/invalid-model-spec-error.js";
import { MissingApiKeyError } from "./errors/missing-api-key-error.js";
import type { ModelClient } from "./model-client.js";
import { ANTHROPIC_DEFAULT_BASE_URL, anthropicModel } from "./providers/anthropic.js";
import { OPENAI_DEFAULT_BASE_URL, openaiModel } from "./providers/openai.js";
import { openaiCompatibleModel } from "./providers/openai-compatible.js";
import type { ProviderSettings } from "./providers/provider-settings.js";
import { DEFAULT_RETRY_POLICY } from "./retry-policy.js";
import { loadScriptFile } from "./scripted/load-script-file.js";
import { scriptedModelFromResponses } from "./scripted/scripted-model.js";

/** Options for {@link createModelClient}. */
export interface CreateModelClientOptions {
  /** Base URL of the API; wins over `OPENAI_BASE_URL` / `ANTHROPIC_BASE_URL`. Required for `openai-compatible`. */
  baseUrl?: string;
  /** Where API keys and base URLs are read from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Fetch to use instead of the global one. */
  fetch?: typeof fetch;
  /** Retries after a failed attempt (429, 5xx, network); default 4. */
  maxRetries?: number;
  /** Delay before the first retry, doubling after; default 500 ms. */
  retryInitialDelayMs?: number;
  /** Overrides the context window looked up from the model name. */
  contextWindow?: number;
}

/** The providers a spec can name. */
export const MODEL_PROVIDERS = ["openai", "anthropic", "openai-compatible", "scripted"] as const;

interface ProviderEntry {
  /** Name for messages. */
  label: string;
  load: (settings: ProviderSettings) => Promise<LanguageModelV3>;
  /** Key variable; `required` when requests cannot work without it. */
  key: { envVar: string; required: boolean };
  /** Base URL variable and default, when the provider has a public endpoint. */
  baseUrl?: { envVar: string; default: string };
  defaultContextWindow: number;
}

const PROVIDERS: Record<Exclude<(typeof MODEL_PROVIDERS)[number], "scripted">, ProviderEntry> = {
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

/**
 * Builds the model client a spec names: `openai:<model>` (Responses API), `anthropic:<model>`,
 * `openai-compatible:<model>` (Chat Completions at `baseUrl`) or `scripted:<file>`. Provider packages are imported
 * here, not before, so commands that never sample pay nothing for them. Fails with a typed error when the spec is
 * malformed, a required key is missing, or a script file is unusable.
 */
export async function createModelClient(
  spec: string,
  options: CreateModelClientOptions = {},
): Promise<ModelClient> {
  const colon = spec.indexOf(":");
  const providerName = colon > 0 ? spec.slice(0, colon) : "";
  const model = colon > 0 ? spec.slice(colon + 1).trim() : "";
  if (colon <= 0) throw new InvalidModelSpecError(spec, "it has no provider prefix");
  if (model.length === 0) throw new InvalidModelSpecError(spec, "the model name after the colon is empty");
  const maxRetries = options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new InvalidInputError(`maxRetries must be a non-negative integer, got ${maxRetries}.`);
  }

  if (providerName === "scripted") {
    const responses = await loadScriptFile(model);
    return scriptedModelFromResponses(responses, {
      spec,
      source: model,
      ...(options.contextWindow !== undefined ? { contextWindow: options.contextWindow } : {}),
    });
  }
  if (!Object.hasOwn(PROVIDERS, providerName)) {
    throw new InvalidModelSpecError(spec, `unknown provider "${providerName}"`);
  }
  const entry = PROVIDERS[providerName as keyof typeof PROVIDERS];
  const env = options.env ?? process.env;

  const baseUrl =
    nonEmpty(options.baseUrl) ??
    (entry.baseUrl ? (nonEmpty(env[entry.baseUrl.envVar]) ?? entry.baseUrl.default) : undefined);
  if (baseUrl === undefined) {
    throw new InvalidModelSpecError(
      spec,
      `${providerName} needs a base URL`,
      "Pass --base-url, e.g. http://localhost:11434/v1 for Ollama or http://localhost:8000/v1 for vLLM.",
    );
  }
  if (!isHttpUrl(baseUrl)) {
    throw new InvalidModelSpecError(
      spec,
      `base URL "${baseUrl}" is not a valid http(s) URL`,
      "Use a full URL such as http://localhost:11434/v1.",
    );
  }
  const apiKey = nonEmpty(env[entry.key.envVar]);
  if (apiKey === undefined && entry.key.required) throw new MissingApiKeyError(entry.label, entry.key.envVar);

  // Loaded here, with the provider package, so importing this module stays cheap.
  const [{ sdkModelClient }, languageModel] = await Promise.all([
    import("./sdk-model-client.js"),
    entry.load({ model, baseUrl, apiKey, fetch: options.fetch }),
  ]);
  return sdkModelClient(languageModel, {
    spec,
    provider: entry.label,
    baseUrl,
    contextWindow: options.contextWindow ?? contextWindowFor(model, entry.defaultContextWindow),
    retry: {
      ...DEFAULT_RETRY_POLICY,
      maxRetries,
      ...(options.retryInitialDelayMs !== undefined ? { initialDelayMs: options.retryInitialDelayMs } : {}),
    },
    ...(apiKey !== undefined ? { apiKeyEnvVar: entry.key.envVar } : {}),
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim().length > 0 ? value.trim() : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
