import type { SessionSettings } from "../core/index.js";
import type { ModelClient } from "../model/model-client.js";

/**
 * The model client for a session's settings: the client the embedder passed when it is the session's model, else
 * one built from the spec. Building checks the spec, the provider, the key and a script file, so calling this
 * before anything is journaled means a typo or a missing key never leaves a session behind.
 */
export async function resolveModel(
  settings: Pick<SessionSettings, "model" | "baseUrl">,
  options: { model?: string | ModelClient; env?: NodeJS.ProcessEnv },
): Promise<ModelClient> {
  if (typeof options.model === "object" && options.model.spec === settings.model) return options.model;
  const { createModelClient } = await import("../model/index.js");
  const env = options.env ?? process.env;
  const retries = env.ART_MODEL_MAX_RETRIES ? Number(env.ART_MODEL_MAX_RETRIES) : undefined;
  return createModelClient(settings.model, {
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(retries !== undefined ? { maxRetries: retries } : {}),
    env,
  });
}
