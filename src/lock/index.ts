export {
  acquireLock,
  type HeldLock,
  isStale,
  type LockOptions,
  type LockOwner,
  processStartTime,
} from "./file-lock.js";
export { LockTimeoutError } from "./lock-timeout-error.js";
