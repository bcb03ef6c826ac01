import type { CheckpointSaver } from "../checkpoint/index.js";
import type { TaskScratchpad } from "../interrupt.js";

/** Where a run reports what the stream modes show; each is optional, and absent ones cost nothing. */
export interface RunSink {
  values?(values: Record<string, unknown>): void;
  updates?(chunk: Record<string, unknown>): void;
  custom?(chunk: unknown): void;
  messages?(chunk: [unknown, Record<string, unknown>]): void;
  debug?(event: { type: string; step: number; timestamp: string; payload: unknown }): void;
}

/** What the runtime hangs on a node's config for itself: a subgraph needs its parent's saver, sink and answers. */
export interface NodeRuntime {
  scratchpad: TaskScratchpad;
  saver: CheckpointSaver | undefined;
  sink: RunSink;
}

/** The symbol key of {@link NodeRuntime} on a node's config (not enumerable, never serialised). */
export const NODE_RUNTIME = Symbol.for("agent-runtime.graph-node-runtime");

/** The runtime part of a node's config, when it has one. */
export function nodeRuntime(config: unknown): NodeRuntime | undefined {
  return (config as Record<symbol, NodeRuntime | undefined> | undefined)?.[NODE_RUNTIME];
}
