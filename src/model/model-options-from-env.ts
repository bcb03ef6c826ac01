import { InvalidInputError } from "../core/index.js";
import type { CreateModelClientOptions } from "./create-model-client.js";

/** Where the runtime's model-client settings come from besides the environment. */
export interface ModelSettingsLayer {
  /** `model_idle_timeout_sec` from config.toml. */
  idleTimeoutSec?: number;
}

/**
 * The retry and idle-timeout options a session's model client gets: `ART_MODEL_MAX_RETRIES` (a non-negative
 * integer) and `ART_MODEL_IDLE_TIMEOUT` (seconds, fractions allowed) from the environment win over the config
 * layer; absent values keep the client's defaults. A value that is not a number is an `input.invalid` error naming
 * the variable, rather than a silent default.
 */
export function modelOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  layer: ModelSettingsLayer = {},
): Pick<CreateModelClientOptions, "maxRetries" | "idleTimeoutMs"> {
  const retries = env.ART_MODEL_MAX_RETRIES?.trim();
  const idle = env.ART_MODEL_IDLE_TIMEOUT?.trim();
  const options: Pick<CreateModelClientOptions, "maxRetries" | "idleTimeoutMs"> = {};
  if (retries) {
    const value = Number(retries);
    if (!Number.isInteger(value) || value < 0) {
      throw new InvalidInputError(
        `ART_MODEL_MAX_RETRIES must be a whole number of retries, got "${retries}".`,
        {
          hint: "Set it to 0 (no retries) or more, or unset it for the default of 4.",
        },
      );
    }
    options.maxRetries = value;
  }
  const seconds = idle ? Number(idle) : layer.idleTimeoutSec;
  if (seconds !== undefined) {
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new InvalidInputError(
        `${idle ? "ART_MODEL_IDLE_TIMEOUT" : "model_idle_timeout_sec"} must be a positive number of seconds, got "${idle ?? seconds}".`,
        { hint: "Use e.g. 120 (the default) or 300 for models that think silently for long." },
      );
    }
    options.idleTimeoutMs = Math.round(seconds * 1000);
  }
  return options;
}
