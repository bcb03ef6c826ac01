import path from "node:path";
import { describeError } from "../core/index.js";
import type { AgentDefinition, Runtime } from "../runtime/index.js";
import { Pool, type SessionTaskResult, type TaskHandle } from "../scheduler/index.js";
import type { BatchTask } from "./batch-file.js";
import { runDir } from "./batch-run-record.js";
import { type TaskOutcome, taskOutcome } from "./task-outcome.js";

/** How one task of a batch ended. */
export type BatchTaskStatus = "completed" | "failed" | "interrupted" | "cancelled";

/** One finished task, as the summary and `--json` report it. */
export interface BatchTaskResult extends TaskOutcome {
  id: string;
  line: number;
  status: BatchTaskStatus;
  sessionId: string;
  dir: string;
  error?: { code: string; message: string };
}

/** Counts while a batch runs. */
export interface BatchProgress {
  total: number;
  done: number;
  failed: number;
  running: number;
  tokens: number;
  /** Milliseconds since this process started the batch. */
  elapsedMs: number;
  /** Tasks this process finished (the ETA's rate; tasks finished by an earlier run do not count). */
  finishedHere: number;
}

/** What {@link runBatch} needs: the tasks, each with its own directory and agent, and the run's place. */
export interface RunBatchOptions {
  runtime: Runtime;
  runId: string;
  tasks: BatchTask[];
  /** The directory each task runs in, by task id. */
  dirs: Record<string, string>;
  /** The agent each task runs as, by task id. */
  agents: Record<string, AgentDefinition>;
  queue: string;
  concurrency: number;
  /** Aborting stops the batch: running sessions are interrupted (journaled, resumable), queued ones wait. */
  signal: AbortSignal;
  onProgress?: (progress: BatchProgress) => void;
  onTaskEnd?: (result: BatchTaskResult) => void;
}

/** How a batch run ended: all tasks finished, or stopped with some still to do. */
export interface BatchOutcome {
  stopped: boolean;
  results: BatchTaskResult[];
  durationMs: number;
}

/**
 * Runs a batch's tasks through a {@link Pool} whose queue is the run's own `queue.db`: a task submitted once is
 * never submitted again (its id is its batch id), a task cut short resumes its session, so `art batch --resume`
 * after Ctrl-C or a crash goes on where the run stopped and repeats no tool call.
 */
export async function runBatch(options: RunBatchOptions): Promise<BatchOutcome> {
  const started = Date.now();
  const pool = await Pool.open({
    runtime: options.runtime,
    agents: options.agents,
    dbPath: path.join(runDir(options.runtime.artHome, options.runId), "queue.db"),
    concurrency: options.concurrency,
    queues: { [options.queue]: { concurrency: options.concurrency } },
    maxQueued: options.tasks.length + 1,
    // Short, so a run resumed right after a crash takes the dead run's tasks over quickly.
    leaseMs: 5_000,
  });
  // The queue is this run's own: what is finished in it now was finished by an earlier process of the run.
  const before = pool.stats().tasks;
  const finishedEarlier = before.done + before.failed + before.cancelled;
  const results: BatchTaskResult[] = [];
  const progress: BatchProgress = {
    total: options.tasks.length,
    done: 0,
    failed: 0,
    running: 0,
    tokens: 0,
    elapsedMs: 0,
    finishedHere: 0,
  };
  const report = () => {
    progress.running = pool.stats().running[options.queue] ?? 0;
    progress.elapsedMs = Date.now() - started;
    progress.finishedHere = Math.max(0, progress.done - finishedEarlier);
    options.onProgress?.({ ...progress });
  };
  let stopping = false;
  const finish = async (task: BatchTask, handle: TaskHandle, settled: PromiseSettledResult<unknown>) => {
    if (stopping) return;
    const dir = options.dirs[task.id]!;
    let status: BatchTaskStatus;
    let error: { code: string; message: string } | undefined;
    if (settled.status === "fulfilled") {
      const result = (settled.value as { result?: SessionTaskResult }).result;
      status =
        result?.status === "completed"
          ? "completed"
          : result?.status === "interrupted"
            ? "interrupted"
            : "failed";
    } else {
      error = describeError(settled.reason);
      status = error.code === "pool.cancelled" ? "cancelled" : "failed";
    }
    const outcome = await taskOutcome(options.runtime, handle.sessionId).catch(
      (): TaskOutcome => ({ durationMs: 0, tokens: 0, filesChanged: [], finalMessage: "" }),
    );
    const result: BatchTaskResult = {
      id: task.id,
      line: task.line,
      status,
      sessionId: handle.sessionId,
      dir,
      ...outcome,
      ...(error ? { error } : {}),
    };
    results.push(result);
    progress.done++;
    if (status !== "completed") progress.failed++;
    progress.tokens += outcome.tokens;
    try {
      options.onTaskEnd?.(result);
    } catch {
      // A reporter that fails (a closed stdout) must not stop the batch; the summary is still computed.
    }
    report();
  };
  const ticker = setInterval(report, 1000);
  try {
    const waits = options.tasks.map((task) => {
      const handle = pool.submit(
        { kind: "session", agent: task.id, prompt: task.task, cwd: options.dirs[task.id]! },
        { id: task.id, queue: options.queue },
      );
      return handle.result
        .then(
          (value) => ({ status: "fulfilled", value }) as const,
          (reason: unknown) => ({ status: "rejected", reason }) as const,
        )
        .then((settled) => finish(task, handle, settled));
    });
    report();
    const aborted = new Promise<"stopped">((resolve) => {
      if (options.signal.aborted) resolve("stopped");
      options.signal.addEventListener("abort", () => resolve("stopped"), { once: true });
    });
    const ended = await Promise.race([Promise.all(waits).then(() => "done" as const), aborted]);
    if (ended === "stopped") {
      stopping = true;
      await pool.close();
      return { stopped: true, results: sortByLine(results), durationMs: Date.now() - started };
    }
    return { stopped: false, results: sortByLine(results), durationMs: Date.now() - started };
  } finally {
    clearInterval(ticker);
    await pool.close();
  }
}

function sortByLine(results: BatchTaskResult[]): BatchTaskResult[] {
  return [...results].sort((a, b) => a.line - b.line);
}
