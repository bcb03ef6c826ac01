import { ArtError } from "../../core/index.js";

/** Committing events to the database failed (disk full, I/O error, lock held too long, ...). */
export class StoreWriteError extends ArtError {
  /** Events still waiting to be committed; they are kept and retried. */
  readonly pending: number;

  constructor(detail: string, pending: number, options: { isRetryable: boolean; cause?: unknown }) {
    super("store.write_failed", `Could not write ${pending} journal event(s): ${detail}.`, {
      hint: options.isRetryable
        ? "The events are kept in memory and retried; free the lock or disk space."
        : "Free disk space or fix the file's permissions; the events are kept in memory and retried.",
      isRetryable: options.isRetryable,
      cause: options.cause,
    });
    this.pending = pending;
  }
}
