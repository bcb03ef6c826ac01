import { ArtError } from "../../core/index.js";

/** Another session held the workspace's checkpoint lock for longer than we were willing to wait. */
export class CheckpointLockTimeoutError extends ArtError {
  /** The lock file. */
  readonly lockFile: string;

  constructor(lockFile: string, waitedMs: number, holder: string) {
    super(
      "checkpoint.locked",
      `The checkpoint lock ${lockFile} is held by ${holder}; gave up after ${waitedMs} ms.`,
      {
        hint: "Wait for the other session's snapshot to finish and retry; if no art process is running, delete the lock file.",
        isRetryable: true,
      },
    );
    this.lockFile = lockFile;
  }
}
