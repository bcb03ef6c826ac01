import { acquireLock } from "../../lock/index.js";
import { AuditLockError } from "../errors/audit-lock-error.js";

/**
 * Runs `action` holding the audit log's lock file (the shared file lock: a holder that died is detected by pid and
 * process start time and its lock broken). Waits up to `timeoutMs`, then fails with {@link AuditLockError}.
 */
export async function withLock<T>(
  lockPath: string,
  action: () => Promise<T>,
  timeoutMs = 10_000,
): Promise<T> {
  const lock = await acquireLock(lockPath, {
    timeoutMs,
    timeoutError: ({ file }) => new AuditLockError(file),
  });
  try {
    return await action();
  } finally {
    await lock.release();
  }
}
