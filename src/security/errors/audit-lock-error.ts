import { ArtError } from "../../core/index.js";

/** Another process held the audit log's lock for too long. */
export class AuditLockError extends ArtError {
  constructor(lockPath: string) {
    super("audit.lock_timeout", `Timed out waiting for the audit lock ${lockPath}.`, {
      hint: "If no other art process is running, delete the lock file.",
      isRetryable: true,
    });
  }
}
