import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { ModelClient } from "../model/index.js";

/** The spec prefix a session journals for an AI SDK model object. */
export const AI_SDK_SPEC_PREFIX = "ai-sdk:";

/** Whether `value` is an AI SDK language model (specification v3), e.g. `openai("gpt-5")`. */
export function isLanguageModel(value: unknown): value is LanguageModelV3 {
  const model = value as Partial<LanguageModelV3> | null;
  return (
    typeof model === "object" &&
    model !== null &&
    model.specificationVersion === "v3" &&
    typeof model.doStream === "function"
  );
}

/** Whether `value` is one of our {@link ModelClient}s (a scripted model, or one an embedder wrote). */
export function isModelClient(value: unknown): value is ModelClient {
  const client = value as Partial<ModelClient> | null;
  return (
    typeof client === "object" &&
    client !== null &&
    typeof client.stream === "function" &&
    typeof client.spec === "string"
  );
}

/** Whether `value` is a model object a definition can take instead of a spec. */
export function isModelObject(value: unknown): value is LanguageModelV3 | ModelClient {
  return isLanguageModel(value) || isModelClient(value);
}

/**
 * The spec a session journals for a definition's model: a spec itself (a relative script path pinned against the
 * process's cwd, so a resume from another directory reads the same file), a client's own spec, or
 * `ai-sdk:<provider>:<model id>` for an AI SDK model.
 */
export async function modelSpecOf(model: string | LanguageModelV3 | ModelClient): Promise<string> {
  if (typeof model === "string") {
    const { absoluteScriptSpec } = await import("../model/index.js");
    return absoluteScriptSpec(model.trim());
  }
  if (isLanguageModel(model)) return `${AI_SDK_SPEC_PREFIX}${model.provider}:${model.modelId}`;
  return model.spec;
}

/**
 * A {@link ModelClient} over a definition's model object: a client as it is; an AI SDK model wrapped in the same
 * client our providers use (one retry budget per request, idle timeout, typed errors), its context window looked
 * up from the model id.
 */
export async function clientOfModelObject(
  model: LanguageModelV3 | ModelClient,
  env: NodeJS.ProcessEnv,
  idleTimeoutSec: number | undefined,
): Promise<ModelClient> {
  if (!isLanguageModel(model)) return model;
  const {
    contextWindowFor,
    DEFAULT_CONTEXT_WINDOW,
    DEFAULT_IDLE_TIMEOUT_MS,
    DEFAULT_RETRY_POLICY,
    modelOptionsFromEnv,
    sdkModelClient,
  } = await import("../model/index.js");
  const fromEnv = modelOptionsFromEnv(env, idleTimeoutSec !== undefined ? { idleTimeoutSec } : {});
  return sdkModelClient(model, {
    spec: await modelSpecOf(model),
    provider: model.provider,
    baseUrl: `(the URL of the AI SDK model ${model.provider}:${model.modelId})`,
    contextWindow: contextWindowFor(model.modelId, DEFAULT_CONTEXT_WINDOW),
    retry: {
      ...DEFAULT_RETRY_POLICY,
      ...(fromEnv.maxRetries !== undefined ? { maxRetries: fromEnv.maxRetries } : {}),
    },
    idleTimeoutMs: fromEnv.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
  });
}
