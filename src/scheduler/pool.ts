import { randomUUID } from "node:crypto";
import path from "node:path";
import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import { describeError, newId } from "../core/index.js";
import { type CommandSlotStats, processCommandSlots } from "../exec/index.js";
import type { LimitState } from "../model/index.js";
import type { AgentDefinition, Runtime } from "../runtime/index.js";
import { deadlineOf } from "./deadline-of.js";
import {
  PoolInputError,
  QueueFullError,
  TaskCancelledError,
  TaskDeadlineError,
  UnknownAgentError,
} from "./errors.js";
import { runSessionTask } from "./run-session-task.js";
import { SqliteQueue } from "./sqlite-queue.js";
import type { PoolTask, SubmitOptions, TaskRecord, TaskState } from "./task.js";

/** A named queue's share of the pool. */
export interface QueueOptions {
  /** Tasks of this queue running at once (default `PoolOptions.concurrency`). */
  concurrency?: number;
  /** Share of free slots when queues compete (default 1): the queue with the fewest running per weight goes next. */
  weight?: number;
}

/** How {@link Pool.open} sets up a pool. */
export interface PoolOptions {
  runtime: Runtime;
  /** The agents tasks name; a restarted pool must be given the same names. */
  agents: Record<string, AgentDefinition>;
  /** The queue's SQLite file (default: the runtime's `<artHome>/art.db`, beside the journal). */
  dbPath?: string;
  /** Default per-queue concurrency (default 4). */
  concurrency?: number;
  /** Tasks running at once over all queues (default: unlimited beyond the queues' own). */
  maxRunning?: number;
  queues?: Record<string, QueueOptions>;
  /** Unfinished tasks a queue may hold before `submit` throws `queue.full` (default 10 000). */
  maxQueued?: number;
  /** How long a claim holds without renewal (default 30 s); a dead pool's tasks are taken over after it. */
  leaseMs?: number;
  /** How often the pool looks for ready tasks and renews its leases (default leaseMs / 3, at most 1 s). */
  pollMs?: number;
  /** The workspace of tasks without `cwd` (default: the process's cwd). */
  cwd?: string;
}

/** One submitted task, seen from this process. */
export interface TaskHandle {
  readonly id: string;
  /** The session the task runs (fixed at submit). */
  readonly sessionId: string;
  /** Settles when the task ends: resolves with its record (`done`), rejects with its error otherwise. */
  readonly result: Promise<TaskRecord>;
  /** The session's events, live, until its run ends. */
  events(signal?: AbortSignal): AsyncIterable<unknown>;
  /** Cancels it: a queued task never runs, a running one is interrupted. */
  cancel(): void;
}

/** What {@link Pool.stats} reports. */
export interface PoolStats {
  /** Tasks in the queue table by state (all processes). */
  tasks: Record<TaskState, number>;
  /** Tasks this pool runs now, per queue. */
  running: Record<string, number>;
  /** The runtime's shared provider limits, per provider key (empty without a `requestGate` or before a request). */
  limits: LimitState[];
  /** The process's command slots: the cap, commands running and waiting. */
  commands: CommandSlotStats;
  /** The main thread's event-loop delay since the pool opened (`perf_hooks.monitorEventLoopDelay`), in ms. */
  eventLoopLag: { p50Ms: number; p99Ms: number; maxMs: number };
}

interface Waiter {
  resolve: (record: TaskRecord) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs agent sessions from a durable queue: tasks survive the process, a claimed task's session resumes after a
 * crash instead of starting again, queues share the pool by weight under their own concurrency limits.
 *
 * @example
 * ```ts
 * const pool = await Pool.open({ runtime, agents: { coder }, queues: { ci: { concurrency: 2 } } });
 * const handle = pool.submit({ kind: "session", agent: "coder", prompt: "fix the tests" }, { queue: "ci" });
 * console.log((await handle.result).result);
 * await pool.close();
 * ```
 */
export class Pool {
  private readonly owner = `pool_${randomUUID()}`;
  private readonly running = new Map<
    string,
    { queue: string; abort: AbortController; deadline?: NodeJS.Timeout | undefined }
  >();
  private readonly waiters = new Map<string, Waiter[]>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly leaseMs: number;
  private readonly lag: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  private constructor(
    private readonly options: PoolOptions,
    private readonly queue: SqliteQueue,
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    const pollMs = options.pollMs ?? Math.min(1000, Math.floor(this.leaseMs / 3));
    this.timer = setInterval(() => this.tick(), pollMs);
    this.lag.enable();
  }

  /** Opens the queue and starts taking tasks, including the unfinished ones of earlier processes. */
  static async open(options: PoolOptions): Promise<Pool> {
    if (!options.runtime) throw new PoolInputError("Pool.open needs a runtime.", "Pass { runtime }.");
    for (const [name, queue] of Object.entries(options.queues ?? {}))
      if (queue.concurrency !== undefined && !(queue.concurrency >= 1))
        throw new PoolInputError(`Queue "${name}": concurrency must be at least 1.`);
    const file = options.dbPath ?? path.join(options.runtime.artHome, "art.db");
    const pool = new Pool(options, new SqliteQueue(file));
    pool.pump();
    return pool;
  }

  /** Queues a task durably (it is in the table when this returns) and returns its handle. */
  submit(task: PoolTask, options: SubmitOptions = {}): TaskHandle {
    if (this.closed) throw new PoolInputError("The pool is closed.");
    if (task?.kind !== "session")
      throw new PoolInputError(`Unknown task kind "${String(task?.kind)}".`, 'Use kind: "session".');
    if (!this.options.agents[task.agent]) throw new UnknownAgentError(task.agent);
    if (!task.prompt?.trim()) throw new PoolInputError("The task's prompt is empty.");
    const queue = options.queue ?? "default";
    const limit = this.options.maxQueued ?? 10_000;
    if (this.queue.countUnfinished(queue) >= limit) throw new QueueFullError(queue, limit);
    const id = options.id ?? newId("task_");
    const deadlineAt = deadlineOf(options);
    const record = this.queue.enqueue(id, queue, task, options.priority ?? 0, newId("ses_"), deadlineAt);
    const handle = this.handle(record.id);
    this.pump();
    return handle;
  }

  /** A handle on a task by id (one submitted by an earlier process, too). */
  handle(id: string): TaskHandle {
    const record = this.queue.get(id);
    if (!record) throw new PoolInputError(`No task with id ${id}.`);
    const result = new Promise<TaskRecord>((resolve, reject) => {
      const list = this.waiters.get(id) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(id, list);
    });
    result.catch(() => {});
    this.settle(id);
    return {
      id,
      sessionId: record.sessionId,
      result,
      events: (signal) =>
        this.options.runtime.subscribe(record.sessionId, 1, {
          follow: true,
          untilEnded: true,
          ...(signal ? { signal } : {}),
        }),
      cancel: () => this.cancel(id),
    };
  }

  /** Cancels a task (see {@link TaskHandle.cancel}). */
  cancel(id: string): void {
    if (this.queue.cancelQueued(id)) this.settle(id);
    else this.running.get(id)?.abort.abort(new TaskCancelledError(id));
  }

  stats(): PoolStats {
    const running: Record<string, number> = {};
    for (const { queue } of this.running.values()) running[queue] = (running[queue] ?? 0) + 1;
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    return {
      tasks: this.queue.counts(),
      running,
      limits: this.options.runtime.requestGate?.snapshot?.() ?? [],
      commands: processCommandSlots().stats(),
      eventLoopLag: {
        p50Ms: ms(this.lag.percentile(50)),
        p99Ms: ms(this.lag.percentile(99)),
        maxMs: ms(this.lag.max),
      },
    };
  }

  /** Stops taking tasks, interrupts running ones (they resume when a pool opens again) and closes the queue. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.lag.disable();
    const runs = [...this.running.values()];
    for (const run of runs) run.abort.abort();
    while (this.running.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // Interrupted runs go back to the queue now (their sessions resume), not when the lease would have run out.
    this.queue.release(this.owner);
    this.queue.close();
  }

  private tick(): void {
    if (this.closed) return;
    this.queue.renew(this.owner, this.leaseMs);
    this.expire();
    for (const id of this.waiters.keys()) this.settle(id);
    this.pump();
  }

  private runningIn(queue: string): number {
    let n = 0;
    for (const run of this.running.values()) if (run.queue === queue) n++;
    return n;
  }

  private concurrencyOf(queue: string): number {
    return this.options.queues?.[queue]?.concurrency ?? this.options.concurrency ?? 4;
  }

  /** Claims tasks while there is room: each slot to the ready queue with the fewest running per weight. */
  private pump(): void {
    if (this.closed) return;
    const max = this.options.maxRunning ?? Number.POSITIVE_INFINITY;
    this.expire();
    const agents = Object.keys(this.options.agents);
    let ready = this.queue.readyQueues(agents);
    while (this.running.size < max) {
      const open = ready.filter((queue) => this.runningIn(queue) < this.concurrencyOf(queue));
      if (open.length === 0) return;
      const share = (queue: string) => this.runningIn(queue) / (this.options.queues?.[queue]?.weight ?? 1);
      const next = open.reduce((best, queue) => (share(queue) < share(best) ? queue : best));
      const record = this.queue.claim(next, this.owner, this.leaseMs, agents);
      if (!record) {
        ready = ready.filter((queue) => queue !== next);
        continue;
      }
      this.start(record);
    }
  }

  /** Ends the tasks past their deadline that nobody runs (queued, or left by a dead pool), and settles them. */
  private expire(): void {
    const ids = this.queue.expire((id, at) => describeError(new TaskDeadlineError(id, at)));
    for (const id of ids) this.settle(id);
  }

  private start(record: TaskRecord): void {
    const abort = new AbortController();
    // Past the deadline the run is aborted like a cancel: the session is interrupted and journaled, resumable.
    const deadline =
      record.deadlineAt !== undefined
        ? setTimeout(
            () => abort.abort(new TaskDeadlineError(record.id, record.deadlineAt!)),
            Math.max(0, record.deadlineAt - Date.now()),
          )
        : undefined;
    this.running.set(record.id, { queue: record.queue, abort, deadline });
    const agent = this.options.agents[record.task.agent];
    const cwd = this.options.cwd ?? process.cwd();
    const work = agent
      ? runSessionTask(this.options.runtime, agent, record.task, record.sessionId, cwd, abort.signal)
      : Promise.reject(new UnknownAgentError(record.task.agent));
    work.then(
      (result) => {
        if (abort.signal.aborted) return this.end(record, abort.signal.reason);
        this.queue.finish(record.id, this.owner, "done", { result });
        this.end(record);
      },
      (error) => this.end(record, abort.signal.aborted ? abort.signal.reason : error),
    );
  }

  private end(record: TaskRecord, error?: unknown): void {
    if (error !== undefined) {
      // Closing the pool aborts without a reason object of ours: the task stays claimed and resumes later.
      if (error instanceof TaskCancelledError || error instanceof TaskDeadlineError)
        this.queue.finish(record.id, this.owner, "cancelled", { error: describeError(error) });
      else if (!this.closed)
        this.queue.finish(record.id, this.owner, "failed", { error: describeError(error) });
    }
    clearTimeout(this.running.get(record.id)?.deadline);
    this.running.delete(record.id);
    if (!this.closed) {
      this.settle(record.id);
      this.pump();
    }
  }

  /** Settles the handles of a task that has ended. */
  private settle(id: string): void {
    const list = this.waiters.get(id);
    if (!list) return;
    const record = this.queue.get(id);
    if (!record || record.state === "queued" || record.state === "running") return;
    this.waiters.delete(id);
    for (const waiter of list) {
      if (record.state === "done") waiter.resolve(record);
      else if (record.state === "cancelled" && record.error?.code === "pool.deadline_exceeded")
        waiter.reject(new TaskDeadlineError(id, record.deadlineAt ?? 0));
      else if (record.state === "cancelled") waiter.reject(new TaskCancelledError(id));
      else waiter.reject(Object.assign(new Error(record.error?.message ?? "task failed"), record.error));
    }
  }
}
