import { AsyncLocalStorage } from "node:async_hooks";
import { GraphInterrupt, GraphValueError } from "./errors/index.js";
import { interruptId } from "./pregel/task-id.js";

/** What the running task knows about resuming: the answers given so far, in `interrupt()` call order. */
export interface TaskScratchpad {
  taskId: string;
  /** Answers for this task's interrupts, oldest first. */
  resume: unknown[];
  /** How many `interrupt()` calls this execution has made. */
  calls: number;
  /** The answer given by this very invocation (a subgraph forwards it to its own interrupt). */
  newResume: { value: unknown } | undefined;
}

/** The scratchpad of the task running on this async path. */
export const taskContext = new AsyncLocalStorage<TaskScratchpad>();

/**
 * Pauses the graph for a human: the first time a node calls it, the run stops and reports `value` under
 * `__interrupt__`; when the thread is resumed with `new Command({ resume })`, the node runs again from its start and
 * this call returns the answer. Needs a checkpointer. Several calls in one node are answered in order.
 */
export function interrupt<Value = unknown, Resume = unknown>(value: Value): Resume {
  const scratchpad = taskContext.getStore();
  if (!scratchpad)
    throw new GraphValueError("interrupt() was called outside a graph node: call it inside a node function.");
  const index = scratchpad.calls++;
  if (index < scratchpad.resume.length) return scratchpad.resume[index] as Resume;
  throw new GraphInterrupt([{ id: interruptId(scratchpad.taskId, index), value }]);
}
