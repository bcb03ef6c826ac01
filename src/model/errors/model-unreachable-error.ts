import { ArtError } from "../../core/index.js";
import { type AttemptInfo, attemptNote } from "./attempt-note.js";

/** The provider's server could not be reached (connection refused, reset, DNS failure, ...) after every retry. */
export class ModelUnreachableError extends ArtError {
  /** The URL the request went to. */
  readonly url: string;
  /** How many attempts were made. */
  readonly attempts: number;

  constructor(options: {
    provider: string;
    url: string;
    attempt?: AttemptInfo;
    showAttempt?: boolean;
    reason: string;
    cause?: unknown;
  }) {
    super(
      "model.unreachable",
      `Could not reach the ${options.provider} API at ${options.url}${attemptNote(options.attempt, options.showAttempt)}: ${options.reason}.`,
      {
        hint: "Check that the server is running and listening at that address, that the base URL is right (--base-url or the provider's *_BASE_URL variable), and that no proxy or firewall blocks it.",
        isRetryable: true,
        cause: options.cause,
      },
    );
    this.url = options.url;
    this.attempts = options.attempt?.number ?? 1;
  }
}
