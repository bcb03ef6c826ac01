import type { SessionSettings } from "../core/index.js";
import type { ModelClient, RequestGate } from "../model/index.js";

/**
 * The model client for a session's settings: `client` when it is the session's model (its spec is the journaled
 * one), else one built from the spec. Building checks the spec, the provider, the key and a script file, so calling
 * this before anything is journaled means a typo or a missing key never leaves a session behind.
 */
export async function resolveModel(
  settings: Pick<SessionSettings, "model" | "baseUrl">,
  options: {
    client?: ModelClient | undefined;
    env: NodeJS.ProcessEnv;
    modelIdleTimeoutSec?: number | undefined;
    /** Shared provider limits the built client waits on. */
    requestGate?: RequestGate | undefined;
  },
): Promise<ModelClient> {
  if (options.client && options.client.spec === settings.model) return options.client;
  const { createModelClient, modelOptionsFromEnv } = await import("../model/index.js");
  const { env } = options;
  return createModelClient(settings.model, {
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...modelOptionsFromEnv(
      env,
      options.modelIdleTimeoutSec !== undefined ? { idleTimeoutSec: options.modelIdleTimeoutSec } : {},
    ),
    env,
    ...(options.requestGate ? { requestGate: options.requestGate } : {}),
  });
}
