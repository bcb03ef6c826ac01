import type { SessionSettings } from "../core/index.js";
import type { ModelClient } from "../model/model-client.js";

/**
 * The model client for a session's settings: the client the embedder passed when it is the session's model, else
 * one built from the spec. Building checks the spec, the provider, the key and a script file, so calling this
 * before anything is journaled means a typo or a missing key never leaves a session behind.
 */
export async function resolveModel(
  settings: Pick<SessionSettings, "model" | "baseUrl">,
  options: { model?: string | ModelClient; env?: NodeJS.ProcessEnv; modelIdleTimeoutSec?: number },
): Promise<ModelClient> {
  if (typeof options.model === "object" && options.model.spec === settings.model) return options.model;
  const { createModelClient, modelOptionsFromEnv } = await import("../model/index.js");
  const env = options.env ?? process.env;
  return createModelClient(settings.model, {
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...modelOptionsFromEnv(
      env,
      options.modelIdleTimeoutSec !== undefined ? { idleTimeoutSec: options.modelIdleTimeoutSec } : {},
    ),
    env,
  });
}
