import { createHash } from "node:crypto";
import { InvalidInputError } from "../core/index.js";
import { ByteActivity } from "./byte-activity.js";
import { checkModelSpec } from "./check-model-spec.js";
import { contextWindowFor } from "./context-window.js";
import type { ModelClient } from "./model-client.js";
import { HeaderTap } from "./rate-limits/header-tap.js";
import type { RequestGate } from "./rate-limits/request-gate.js";
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_RETRY_POLICY } from "./retry-policy.js";
import { loadScriptFile } from "./scripted/load-script-file.js";
import { scriptedModelFromResponses } from "./scripted/scripted-model.js";

export { MODEL_PROVIDERS } from "./providers/provider-table.js";

/** Options for {@link createModelClient}. */
export interface CreateModelClientOptions {
  /** Base URL of the API; wins over `OPENAI_BASE_URL` / `ANTHROPIC_BASE_URL`. Required for `openai-compatible`. */
  baseUrl?: string;
  /** Where API keys and base URLs are read from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Fetch to use instead of the global one. */
  fetch?: typeof fetch;
  /** Retries after a failed attempt (429, 5xx, network, in-stream server errors, idle streams); default 4. */
  maxRetries?: number;
  /** Delay before the first retry, doubling after; default 500 ms. */
  retryInitialDelayMs?: number;
  /** An attempt that receives no bytes for this long is aborted and retried; default 120 000 ms. */
  idleTimeoutMs?: number;
  /** Overrides the context window looked up from the model name. */
  contextWindow?: number;
  /** Limits shared with other clients (per provider and key): every attempt waits for its pass first. */
  requestGate?: RequestGate;
}

/**
 * Builds the model client a spec names: `openai:<model>` (Responses API), `anthropic:<model>`,
 * `openai-compatible:<model>` (Chat Completions at `baseUrl`) or `scripted:<file>`. Provider packages are imported
 * here, not before, so commands that never sample pay nothing for them. Fails with a typed error when the spec is
 * malformed, a required key is missing, or a script file is unusable (the checks of `checkModelSpec`).
 */
export async function createModelClient(
  spec: string,
  options: CreateModelClientOptions = {},
): Promise<ModelClient> {
  const maxRetries = options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new InvalidInputError(`maxRetries must be a non-negative integer, got ${maxRetries}.`);
  }
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  if (!(idleTimeoutMs > 0)) {
    throw new InvalidInputError(`idleTimeoutMs must be a positive number, got ${idleTimeoutMs}.`);
  }
  const checked = checkModelSpec(spec, options.env ?? process.env, {
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
  });

  if (checked.provider === "scripted") {
    const responses = await loadScriptFile(checked.file);
    return scriptedModelFromResponses(responses, {
      spec,
      source: checked.file,
      ...(options.contextWindow !== undefined ? { contextWindow: options.contextWindow } : {}),
    });
  }
  const { entry, model, baseUrl, apiKey } = checked;
  const tap = options.requestGate ? new HeaderTap(options.fetch ?? globalThis.fetch) : undefined;
  const activity = new ByteActivity(tap?.fetch ?? options.fetch ?? globalThis.fetch);
  const gate = options.requestGate;
  // The key is hashed here and only the hash goes on: limits, stats and doctor never see it.
  const limitKey = {
    provider: checked.provider,
    keyHash: createHash("sha256")
      .update(`${baseUrl}\0${apiKey ?? ""}`)
      .digest("hex")
      .slice(0, 12),
  };
  // Loaded here, with the provider package, so importing this module stays cheap.
  const [{ sdkModelClient }, languageModel] = await Promise.all([
    import("./sdk-model-client.js"),
    entry.load({ model, baseUrl, apiKey, fetch: activity.fetch }),
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
    idleTimeoutMs,
    activity,
    ...(apiKey !== undefined ? { apiKeyEnvVar: entry.key.envVar } : {}),
    ...(gate && tap
      ? {
          gate: {
            acquire: (estimatedTokens: number, signal: AbortSignal) =>
              gate.acquire(limitKey, { estimatedTokens }, signal),
            tap,
          },
        }
      : {}),
  });
}
