import type { Checkpoint } from "../checkpoint/index.js";
import { planTasks } from "./plan.js";
import type { RunRequest } from "./run-loop.js";

/** The `debug` stream's checkpoint event (only when the graph has a saver, as in LangGraph). */
export function debugCheckpoint(
  request: RunRequest,
  checkpoint: Checkpoint,
  parentId: string | undefined,
): void {
  const { sink, saver, address, spec } = request;
  if (!sink.debug || !saver || !address) return;
  const configOf = (id: string) => ({
    configurable: { thread_id: address.threadId, checkpoint_ns: address.namespace, checkpoint_id: id },
  });
  const tasks = planTasks(spec, checkpoint, checkpoint.values);
  sink.debug({
    type: "checkpoint",
    step: checkpoint.step,
    timestamp: checkpoint.ts,
    payload: {
      config: configOf(checkpoint.id),
      values: checkpoint.values,
      metadata: { step: checkpoint.step },
      next: tasks.map((task) => task.name),
      tasks: tasks.map((task) => ({ id: task.id, name: task.name, interrupts: [] })),
      parentConfig: parentId ? configOf(parentId) : undefined,
    },
  });
}
