import type { CheckpointAddress, CheckpointMetadata, CheckpointTuple } from "./checkpoint/index.js";
import type { GraphConfig } from "./config.js";
import type { Interrupt } from "./errors/index.js";
import { applyWrites, restoreChannels } from "./pregel/apply-writes.js";
import type { GraphSpec } from "./pregel/graph-spec.js";
import { planTasks, writeOrder } from "./pregel/plan.js";

/** One task of a snapshot's next superstep. */
export interface TaskDescription {
  id: string;
  name: string;
  path: [string, string | number];
  /** Interrupts it is paused on. */
  interrupts: Interrupt[];
  /** Set when it failed. */
  error?: { name: string; message: string };
  /** Set when it already finished (its writes wait for the superstep's end). */
  result?: unknown;
}

/** LangGraph's `StateSnapshot`: a checkpoint as users see it. */
export interface StateSnapshot {
  values: Record<string, unknown>;
  /** The nodes the next superstep runs. */
  next: string[];
  config: GraphConfig;
  metadata?: CheckpointMetadata;
  createdAt?: string;
  parentConfig?: GraphConfig;
  tasks: TaskDescription[];
}

function configOf(address: CheckpointAddress, checkpointId: string): GraphConfig {
  return {
    configurable: {
      thread_id: address.threadId,
      checkpoint_ns: address.namespace,
      checkpoint_id: checkpointId,
    },
  };
}

/** Builds the snapshot of `tuple` (an empty one for a thread with no checkpoint). */
export function snapshotOf(
  spec: GraphSpec,
  address: CheckpointAddress,
  tuple: CheckpointTuple | undefined,
  publicPath: (path: string) => [string, string | number],
  applyPending: boolean,
): StateSnapshot {
  if (!tuple)
    return {
      values: {},
      next: [],
      config: { configurable: { thread_id: address.threadId, checkpoint_ns: address.namespace } },
      tasks: [],
    };
  const { checkpoint } = tuple;
  const tasks = planTasks(spec, checkpoint, checkpoint.values).map((task): TaskDescription => {
    const description: TaskDescription = {
      id: task.id,
      name: task.name,
      path: publicPath(task.path),
      interrupts: [],
    };
    for (const write of tuple.pendingWrites) {
      if (write.taskId !== task.id) continue;
      if (write.kind === "interrupt") description.interrupts = write.interrupts;
      else if (write.kind === "error") description.error = write.error;
      else if (write.kind === "result") description.result = write.output;
    }
    return description;
  });
  // The thread's current state (not history) counts the writes of tasks that finished before a failure or an
  // interrupt: they are in `values`, and those tasks are no longer `next`.
  let values = checkpoint.values;
  const finished = applyPending ? tuple.pendingWrites.filter((write) => write.kind === "result") : [];
  if (finished.length > 0) {
    const planned = planTasks(spec, checkpoint, checkpoint.values);
    const byTask = new Map(finished.map((write) => [write.taskId, write]));
    const ordered = writeOrder(planned).flatMap((task) =>
      byTask.has(task.id) ? [byTask.get(task.id)!] : [],
    );
    values = applyWrites(spec, restoreChannels(spec, checkpoint.values), checkpoint, [], ordered).checkpoint
      .values;
  }
  return {
    values,
    next: tasks.filter((task) => !(applyPending && "result" in task)).map((task) => task.name),
    config: configOf(address, checkpoint.id),
    metadata: tuple.metadata,
    createdAt: checkpoint.ts,
    ...(tuple.parentId ? { parentConfig: configOf(address, tuple.parentId) } : {}),
    tasks,
  };
}
