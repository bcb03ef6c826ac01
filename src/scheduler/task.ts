/**
 * What the pool runs. Tagged by `kind` so other kinds (a graph run) can join later without a schema change:
 * the payload is stored as JSON beside its kind.
 */
export type PoolTask = SessionTask;

/** A session run on `prompt` under the pool's agent named `agent`. */
export interface SessionTask {
  kind: "session";
  /** The name of an agent given in `PoolOptions.agents`. */
  agent: string;
  prompt: string;
  /** The workspace (default: the pool's cwd). */
  cwd?: string;
}

/** How a task is queued. */
export interface SubmitOptions {
  /** Named queue (default `"default"`); each has its own concurrency limit. */
  queue?: string;
  /** Higher runs first (default 0); equal priorities run in submit order. */
  priority?: number;
  /** A task id (default: a fresh one); submitting an id that exists returns that task. */
  id?: string;
  /**
   * When the task must have finished (a `Date` or epoch ms): a queued task past it never starts, a running one is
   * interrupted (its session journaled and resumable) and ends `cancelled` with `pool.deadline_exceeded`.
   */
  deadline?: Date | number;
  /** The deadline as milliseconds from submit; the earlier of the two wins when both are given. */
  timeoutMs?: number;
}

/** Where a task is. */
export type TaskState = "queued" | "running" | "done" | "failed" | "cancelled";

/** The durable row of one task. */
export interface TaskRecord {
  id: string;
  queue: string;
  task: PoolTask;
  priority: number;
  state: TaskState;
  /** Fixed at submit, so a run cut short resumes this session instead of starting another. */
  sessionId: string;
  attempts: number;
  /** The deadline, epoch ms (stored; it survives a restart). */
  deadlineAt?: number;
  result?: unknown;
  error?: { code: string; message: string };
}
