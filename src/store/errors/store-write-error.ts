import { ArtError } from "../../core/index.js";

/** Committing events to the database failed (disk full, I/O error, lock held too long, ...). */
export class StoreWriteError extends ArtError {
  /** Events still waiting to be committed; retried while the process runs, lost if it exits first. */
  readonly pending: number;

  constructor(detail: string, pending: number, options: { isRetryable: boolean; cause?: unknown }) {
    super("store.write_failed", `Could not write ${pending} journal event(s): ${detail}.`, {
      // True for a library user whose process goes on, and for the CLI, which exits on this error.
      hint: `${options.isRetryable ? "Free the lock" : "Free disk space or fix the file's permissions"}. Events not yet written are retried while this process runs and lost if it exits; "art resume" continues from the last stored event.`,
      isRetryable: options.isRetryable,
      cause: options.cause,
    });
    this.pending = pending;
  }
}
