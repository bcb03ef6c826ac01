export {
  PoolInputError,
  QueueFullError,
  TaskCancelledError,
  TaskDeadlineError,
  UnknownAgentError,
} from "./errors.js";
export {
  Pool,
  type PoolOptions,
  type PoolStats,
  type QueueOptions,
  type TaskHandle,
} from "./pool.js";
export { POOL_SCHEMA_VERSION } from "./queue-schema.js";
export type { SessionTaskResult } from "./run-session-task.js";
export type { PoolTask, SessionTask, SubmitOptions, TaskRecord, TaskState } from "./task.js";
