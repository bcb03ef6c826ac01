import { AbortedError } from "../../core/index.js";
import type {
  Checkpoint,
  CheckpointAddress,
  CheckpointMetadata,
  CheckpointSaver,
  PendingWrite,
} from "../checkpoint/index.js";
import { Command } from "../command.js";
import type { GraphConfig } from "../config.js";
import { DEFAULT_RECURSION_LIMIT, INTERRUPT, START } from "../constants.js";
import { EmptyInputError, GraphRecursionError, type Interrupt } from "../errors/index.js";
import { answersFor } from "./answers.js";
import { applyWrites, restoreChannels } from "./apply-writes.js";
import { debugCheckpoint } from "./debug-checkpoint.js";
import { ParentCommand, type TaskOutcome } from "./execute-task.js";
import type { GraphSpec } from "./graph-spec.js";
import { planTasks, type Task, type Values, writeOrder } from "./plan.js";
import { runSuperstep } from "./run-superstep.js";
import type { RunSink } from "./stream-sink.js";
import { newCheckpointId } from "./task-id.js";

/** One invocation of a compiled graph. */
export interface RunRequest {
  spec: GraphSpec;
  /** State input, `null` to continue, or a `Command` (resume, update, goto). */
  input: unknown;
  config: GraphConfig;
  saver: CheckpointSaver | undefined;
  address: CheckpointAddress | undefined;
  sink: RunSink;
}

/** How an invocation ended. */
export interface RunOutcome {
  /** The last state the `values` stream showed (undefined when no key was ever written). */
  values: Values | undefined;
  /** Pending interrupts when the run paused (empty for `interruptBefore` / `interruptAfter`). */
  interrupts: Interrupt[] | undefined;
  /** Every key's value at the end. */
  state: Values;
}

type ResultWrite = Extract<PendingWrite, { kind: "result" }>;

function matches(list: string[] | "*", tasks: Task[]): boolean {
  if (list !== "*" && list.length === 0) return false;
  return tasks.some((task) => task.name !== START && (list === "*" || list.includes(task.name)));
}

function currentValues(channels: Map<string, { available: boolean; value: unknown }>): Values {
  const values: Values = {};
  for (const [key, channel] of channels) if (channel.available) values[key] = channel.value;
  return values;
}

/** Saves checkpoints and task writes as the durability mode says; answers without a promise when the saver does. */
class Persistence {
  private readonly deferred: (() => void | Promise<void>)[] = [];
  readonly durable: boolean;

  constructor(
    private readonly saver: CheckpointSaver | undefined,
    private readonly address: CheckpointAddress | undefined,
    private readonly durability: "sync" | "async" | "exit",
  ) {
    this.durable = durability === "sync";
  }

  checkpoint(
    next: Checkpoint,
    metadata: CheckpointMetadata,
    parentId: string | undefined,
  ): void | Promise<void> {
    const { saver, address } = this;
    if (!saver || !address) return;
    if (this.durability === "exit")
      this.deferred.push(() => saver.put(address, next, metadata, parentId, false));
    else return saver.put(address, next, metadata, parentId, this.durable);
  }

  write(checkpointId: string, write: PendingWrite): void | Promise<void> {
    const { saver, address } = this;
    if (!saver || !address) return;
    if (this.durability === "exit")
      this.deferred.push(() => saver.putWrites(address, checkpointId, write, false));
    else return saver.putWrites(address, checkpointId, write, this.durable);
  }

  async finish(): Promise<void> {
    for (const write of this.deferred) await write();
    if (this.saver?.flush && !this.durable) await this.saver.flush();
  }
}

/**
 * The Pregel loop: plans a superstep's tasks from the checkpoint, runs them concurrently, applies their writes at
 * the superstep's end, saves a checkpoint, and repeats until no node is triggered, an interrupt pauses the run, or
 * the recursion limit is reached. Finished tasks' writes are saved as they complete, so a superstep cut short by a
 * failure, an interrupt or a crash does not run them again.
 */
export async function runLoop(request: RunRequest): Promise<RunOutcome> {
  const { spec, config, saver, address, sink } = request;
  const persistence = new Persistence(saver, address, config.durability ?? "async");
  const signal = config.signal ?? new AbortController().signal;
  const explicitId = config.configurable?.checkpoint_id;
  const tuple = saver && address ? await saver.getTuple(address, explicitId) : undefined;
  let checkpoint: Checkpoint;
  let pending: PendingWrite[] = tuple?.pendingWrites ?? [];
  const channels = restoreChannels(spec, tuple?.checkpoint.values);
  let lastValues: Values | undefined;
  let resuming = false;
  let newAnswers = new Map<string, unknown>();
  const metadataBase = {
    parents: config.configurable?.checkpoint_ns ? { [String(config.configurable.checkpoint_ns)]: "" } : {},
    ...(config.metadata ?? {}),
  };
  const metadata = (source: CheckpointMetadata["source"], step: number): CheckpointMetadata => ({
    source,
    step,
    ...metadataBase,
  });
  const input = request.input;
  const isCommand = Command.isInstance(input);
  if (
    input === null ||
    input === undefined ||
    (isCommand && input.update === undefined && input.goto.length === 0)
  ) {
    if (!tuple) throw new EmptyInputError();
    checkpoint = { ...tuple.checkpoint };
    resuming = true;
    if (isCommand && input.resume !== undefined) newAnswers = answersFor(pending, input.resume);
    // Continuing from an earlier checkpoint (time travel) forks the thread there: a copy becomes the newest
    // checkpoint and its tasks run again.
    if (explicitId !== undefined && !isCommand) {
      const newest = await saver!.getTuple(address!);
      if (newest && newest.checkpoint.id !== explicitId) {
        const parentId = checkpoint.id;
        checkpoint = {
          ...checkpoint,
          id: newCheckpointId(),
          ts: new Date().toISOString(),
          step: checkpoint.step + 1,
        };
        pending = [];
        await persistence.checkpoint(checkpoint, metadata("fork", checkpoint.step), parentId);
      }
    }
  } else {
    const base = tuple?.checkpoint;
    checkpoint = {
      v: 1,
      id: newCheckpointId(),
      ts: new Date().toISOString(),
      step: base ? base.step + 1 : -1,
      values: currentValues(channels),
      triggers: [START],
      barriers: base?.barriers ?? {},
      sends: [],
      input: isCommand ? new Command({ update: input.update, goto: input.goto }) : input,
      ran: [],
    };
    pending = [];
    await persistence.checkpoint(checkpoint, metadata("input", checkpoint.step), base?.id);
    debugCheckpoint(request, checkpoint, base?.id);
  }
  if (resuming) {
    lastValues = currentValues(channels);
    sink.values?.(lastValues);
  }
  const limit = config.recursionLimit ?? DEFAULT_RECURSION_LIMIT;
  // LangGraph's count: an invocation may run `limit` supersteps, the one that applies the input included.
  const stopStep = checkpoint.step + 1 + limit;
  const interruptBefore = config.interruptBefore ?? spec.interruptBefore;
  const interruptAfter = config.interruptAfter ?? spec.interruptAfter;
  let skipInterruptBefore = resuming;
  let afterSuperstep = false;
  let values = currentValues(channels);
  const paused = (interrupts: Interrupt[]): RunOutcome => {
    sink.updates?.({ [INTERRUPT]: interrupts });
    sink.values?.({ [INTERRUPT]: interrupts });
    return { values: lastValues, interrupts, state: currentValues(channels) };
  };

  try {
    for (;;) {
      if (signal.aborted) throw new AbortedError();
      const tasks = planTasks(spec, checkpoint, values, afterSuperstep);
      if (tasks.length === 0) break;
      if (checkpoint.step + 1 >= stopStep) throw new GraphRecursionError(limit);
      if (!skipInterruptBefore && matches(interruptBefore, tasks)) return paused([]);
      skipInterruptBefore = false;
      const outcomes = await runSuperstep({
        request,
        tasks,
        values,
        checkpoint,
        pending,
        newAnswers,
        signal,
        persistence,
      });
      if (newAnswers.size > 0) newAnswers = new Map();
      const interrupts: Interrupt[] = [];
      let interrupted = false;
      for (const outcome of outcomes) {
        if (outcome.kind === "error") throw outcome.error;
        if (outcome.kind === "parent") throw new ParentCommand(outcome.command);
        if (outcome.kind === "interrupt") {
          interrupted = true;
          interrupts.push(...outcome.write.interrupts);
        }
      }
      if (interrupted) return paused(interrupts);
      const writes = orderedWrites(tasks, outcomes);
      const applied = applyWrites(spec, channels, checkpoint, tasks, writes);
      const parentId = checkpoint.id;
      checkpoint = applied.checkpoint;
      values = checkpoint.values;
      pending = [];
      afterSuperstep = true;
      const saved = persistence.checkpoint(checkpoint, metadata("loop", checkpoint.step), parentId);
      if (saved) await saved;
      if (applied.updated) {
        lastValues = values;
        sink.values?.(values);
      }
      debugCheckpoint(request, checkpoint, parentId);
      if (matches(interruptAfter, tasks) && planTasks(spec, checkpoint, values).length > 0) return paused([]);
    }
    return { values: lastValues, interrupts: undefined, state: values };
  } finally {
    await persistence.finish();
  }
}

/** The superstep's result writes in the order they reach the reducers. */
function orderedWrites(tasks: Task[], outcomes: TaskOutcome[]): ResultWrite[] {
  if (tasks.length === 1) return [(outcomes[0] as { write: ResultWrite }).write];
  const byTask = new Map<string, ResultWrite>();
  for (const outcome of outcomes) {
    const write = (outcome as { write: ResultWrite }).write;
    byTask.set(write.taskId, write);
  }
  return writeOrder(tasks).map((task) => byTask.get(task.id)!);
}

export type { Persistence };
