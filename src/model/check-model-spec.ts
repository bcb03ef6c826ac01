import { statSync } from "node:fs";
import path from "node:path";
import { didYouMean } from "./did-you-mean.js";
import { InvalidModelSpecError } from "./errors/invalid-model-spec-error.js";
import { MissingApiKeyError } from "./errors/missing-api-key-error.js";
import { ScriptFileError } from "./errors/script-file-error.js";
import {
  type HttpProviderName,
  MODEL_PROVIDERS,
  PROVIDERS,
  type ProviderEntry,
} from "./providers/provider-table.js";

/** Options for {@link checkModelSpec}. */
export interface CheckModelSpecOptions {
  /** Base URL given by the user (`--base-url`); wins over the provider's `*_BASE_URL` variable. */
  baseUrl?: string;
  /** Directory a relative `scripted:<file>` path is resolved against; default the process's cwd. */
  cwd?: string;
}

/** A spec that passed {@link checkModelSpec}: everything needed to build its client, nothing loaded yet. */
export type CheckedModelSpec =
  | {
      provider: "scripted";
      /** The spec with the script's absolute path, the form to store in a session. */
      spec: string;
      /** The script's absolute path. */
      file: string;
    }
  | {
      provider: HttpProviderName;
      /** The spec as given (trimmed model name). */
      spec: string;
      /** The provider's model id. */
      model: string;
      entry: ProviderEntry;
      baseUrl: string;
      /** The key, when the provider's variable is set. */
      apiKey: string | undefined;
    };

/**
 * Checks a model spec and the key it needs without importing any provider package or making a request, so a
 * surface can refuse a typo before it creates a session that could never run. Throws
 * {@link InvalidModelSpecError} (malformed spec, unknown provider with a "did you mean", missing or bad base URL),
 * {@link MissingApiKeyError} (a required key variable unset or empty), or {@link ScriptFileError} (a
 * `scripted:` file that does not exist). The script's content is checked when the client is built.
 */
export function checkModelSpec(
  spec: string,
  env: NodeJS.ProcessEnv = process.env,
  options: CheckModelSpecOptions = {},
): CheckedModelSpec {
  const colon = spec.indexOf(":");
  if (colon <= 0) {
    const guess = guessProvider(spec.trim());
    throw new InvalidModelSpecError(
      spec,
      "it has no provider prefix",
      guess ? `Did you mean ${guess}:${spec.trim()}?` : undefined,
    );
  }
  const providerName = spec.slice(0, colon);
  const model = spec.slice(colon + 1).trim();
  if (model.length === 0) throw new InvalidModelSpecError(spec, "the model name after the colon is empty");

  if (providerName === "scripted") {
    const file = path.resolve(options.cwd ?? process.cwd(), model);
    if (!isFile(file)) throw new ScriptFileError(file, "the file does not exist");
    return { provider: "scripted", spec: `scripted:${file}`, file };
  }
  if (!Object.hasOwn(PROVIDERS, providerName)) {
    const suggestion = didYouMean(providerName, MODEL_PROVIDERS);
    throw new InvalidModelSpecError(
      spec,
      `unknown provider "${providerName}"`,
      suggestion
        ? `Did you mean ${suggestion}:${model}? The providers are ${MODEL_PROVIDERS.join(", ")}.`
        : undefined,
    );
  }
  const name = providerName as HttpProviderName;
  const entry = PROVIDERS[name];
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
  return { provider: name, spec, model, entry, baseUrl, apiKey };
}

/** The provider a bare model name most likely belongs to. */
function guessProvider(model: string): string | undefined {
  if (/^(gpt-|o\d|chatgpt-|codex-)/i.test(model)) return "openai";
  if (/^claude-/i.test(model)) return "anthropic";
  if (/\.json$/i.test(model)) return "scripted";
  return undefined;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
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
