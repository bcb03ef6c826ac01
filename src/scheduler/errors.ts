import { ArtError } from "../core/index.js";

/**
 * The pool's queue holds as many unfinished tasks as it may: the submit is refused, nothing is queued.
 *
 * @example
 * ```ts
 * try { pool.submit(task) } catch (e) { if (e instanceof QueueFullError) await later(); }
 * ```
 */
export class QueueFullError extends ArtError {
  constructor(
    readonly queue: string,
    readonly limit: number,
  ) {
    super("queue.full", `Queue "${queue}" already holds ${limit} unfinished tasks (its limit).`, {
      hint: "Wait for tasks to finish, cancel some, or open the pool with a larger maxQueued.",
      isRetryable: true,
    });
  }
}

/** A pool option or task is malformed; the message names the field. */
export class PoolInputError extends ArtError {
  constructor(message: string, hint?: string) {
    super("pool.invalid_input", message, hint ? { hint } : {});
  }
}

/** The task was cancelled before it finished. */
export class TaskCancelledError extends ArtError {
  constructor(readonly taskId: string) {
    super("pool.cancelled", `Task ${taskId} was cancelled.`);
  }
}

/** No agent with the task's agent name was given to the pool (e.g. after a restart with fewer agents). */
export class UnknownAgentError extends ArtError {
  constructor(readonly agent: string) {
    super("pool.unknown_agent", `The pool has no agent named "${agent}".`, {
      hint: "Open the pool with the same agents (PoolOptions.agents) the tasks were submitted under.",
    });
  }
}

/**
 * The task's deadline passed before it finished: it never started, or its running session was interrupted (the
 * journal keeps it; `runtime.resume(sessionId)` continues it outside the pool).
 *
 * @example
 * ```ts
 * const handle = pool.submit(task, { timeoutMs: 60_000 });
 * await handle.result.catch((e) => e instanceof TaskDeadlineError && console.log(e.message));
 * ```
 */
export class TaskDeadlineError extends ArtError {
  constructor(
    readonly taskId: string,
    readonly deadlineAt: number,
  ) {
    super(
      "pool.deadline_exceeded",
      `Task ${taskId} passed its deadline (${new Date(deadlineAt).toISOString()}).`,
      {
        hint: "Give it a later deadline or a longer timeoutMs; a session it started is kept and can be resumed.",
      },
    );
  }
}
