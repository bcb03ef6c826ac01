import { ArtError } from "../../core/index.js";

/** A response stream broke or carried an error after it had started, or could not be understood. */
export class ModelStreamError extends ArtError {
  constructor(provider: string, detail: string, options: { isRetryable: boolean; cause?: unknown }) {
    super("model.stream_failed", `The ${provider} response stream failed: ${detail}.`, {
      hint: options.isRetryable
        ? "The step can be sampled again; if it keeps failing, check the provider's status."
        : "This looks like a provider or protocol problem; check the model name and the base URL.",
      isRetryable: options.isRetryable,
      cause: options.cause,
    });
  }
}
