import { ArtError } from "../../core/index.js";
import { type AttemptInfo, attemptNote } from "./attempt-note.js";

/** The provider answered a request with an HTTP error status. */
export class ModelRequestError extends ArtError {
  /** The HTTP status code. */
  readonly status: number;
  /** The URL the request went to. */
  readonly url: string;
  /** How many attempts the request made, this one included. */
  readonly attempts: number;

  constructor(options: {
    provider: string;
    url: string;
    status: number;
    detail: string;
    attempt?: AttemptInfo;
    /** Show the attempt counter even on a first attempt (retry notices do). */
    showAttempt?: boolean;
    apiKeyEnvVar?: string;
    cause?: unknown;
  }) {
    const { provider, url, status, detail } = options;
    super(
      "model.request_failed",
      `The ${provider} API at ${url} answered HTTP ${status}${attemptNote(options.attempt, options.showAttempt)}: ${detail}.`,
      {
        hint: hintFor(status, options.apiKeyEnvVar),
        isRetryable: status === 408 || status === 409 || status === 429 || status >= 500,
        cause: options.cause,
      },
    );
    this.status = status;
    this.url = url;
    this.attempts = options.attempt?.number ?? 1;
  }
}

function hintFor(status: number, apiKeyEnvVar: string | undefined): string {
  if (status === 401 || status === 403) {
    return apiKeyEnvVar
      ? `Check that ${apiKeyEnvVar} holds a valid key with access to this model.`
      : "Check the API key and its access to this model.";
  }
  if (status === 404) return "Check the model name and the base URL (it usually ends in /v1).";
  if (status === 429)
    return "The provider is rate-limiting or out of quota; wait and try again, or check your plan.";
  if (status >= 500) return "The provider is having trouble; try again later.";
  return "The request was rejected; the detail above says why.";
}
