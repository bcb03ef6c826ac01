import { ArtError } from "./art-error.js";

/** An operation stopped because its AbortSignal fired. */
export class AbortedError extends ArtError {
  constructor(message = "The operation was cancelled.") {
    super("aborted", message);
  }

  /** True when `error` came from an abort, ours or the platform's. */
  static isAbort(error: unknown): boolean {
    if (ArtError.isInstance(error)) return error.code === "aborted";
    return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
  }
}
