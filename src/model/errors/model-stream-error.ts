import { ArtError } from "../../core/index.js";
import { type AttemptInfo, attemptNote } from "./attempt-note.js";

/** A response stream broke or carried an error after it had started, or could not be understood. */
export class ModelStreamError extends ArtError {
  /** How many attempts the request made, this one included. */
  readonly attempts: number;

  constructor(
    provider: string,
    detail: string,
    options: { isRetryable: boolean; attempt?: AttemptInfo; showAttempt?: boolean; cause?: unknown },
  ) {
    super(
      "model.stream_failed",
      `The ${provider} response stream failed${attemptNote(options.attempt, options.showAttempt)}: ${detail}.`,
      {
        hint: options.isRetryable
          ? "The provider had a transient failure; try again in a moment, and check the provider's status if it persists."
          : "The provider rejected the request mid-stream; the detail above says why.",
        isRetryable: options.isRetryable,
        cause: options.cause,
      },
    );
    this.attempts = options.attempt?.number ?? 1;
  }
}
