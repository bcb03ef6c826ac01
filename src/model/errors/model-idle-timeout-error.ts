import { ArtError } from "../../core/index.js";
import { type AttemptInfo, attemptNote } from "./attempt-note.js";

/** The provider sent no bytes for the idle timeout: before its answer began, or in the middle of it. */
export class ModelIdleTimeoutError extends ArtError {
  /** The URL the request went to. */
  readonly url: string;
  /** The idle timeout that expired, in milliseconds. */
  readonly idleTimeoutMs: number;
  /** How many attempts the request made, this one included. */
  readonly attempts: number;

  constructor(options: {
    provider: string;
    url: string;
    idleTimeoutMs: number;
    attempt?: AttemptInfo;
    showAttempt?: boolean;
  }) {
    super(
      "model.stream_idle",
      `The ${options.provider} API at ${options.url} sent nothing for ${formatSeconds(options.idleTimeoutMs)}${attemptNote(options.attempt, options.showAttempt)}.`,
      {
        hint: "The provider may be overloaded; try again later. If the model legitimately stays silent longer, raise the idle timeout: ART_MODEL_IDLE_TIMEOUT (seconds), model_idle_timeout_sec in config.toml, or the idleTimeoutMs option.",
        isRetryable: true,
      },
    );
    this.url = options.url;
    this.idleTimeoutMs = options.idleTimeoutMs;
    this.attempts = options.attempt?.number ?? 1;
  }
}

/** `120 s`, `0.2 s`. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
