import { ArtError } from "../core/index.js";

/** Another process held a lock file for longer than the caller was willing to wait. */
export class LockTimeoutError extends ArtError {
  /** The lock file. */
  readonly lockFile: string;

  constructor(timeout: { file: string; waitedMs: number; holder: string }) {
    super(
      "lock.timeout",
      `The lock ${timeout.file} is held by ${timeout.holder}; gave up after ${timeout.waitedMs} ms.`,
      {
        hint: "Wait for the other art process and retry; if none is running, delete the lock file.",
        isRetryable: true,
      },
    );
    this.lockFile = timeout.file;
  }
}
