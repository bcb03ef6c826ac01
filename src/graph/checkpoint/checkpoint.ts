/**
 * One saved superstep of a thread. Persisted: every field is part of the on-disk format (version `v`).
 */
export interface Checkpoint {
  /** Format version ({@link CHECKPOINT_VERSION}). */
  v: 1;
  /** Sortable id, unique within the saver. */
  id: string;
  /** ISO time it was made. */
  ts: string;
  /** The superstep it ends (-1 for the input checkpoint). */
  step: number;
  /** State values of the keys that hold one. */
  values: Record<string, unknown>;
  /** Nodes triggered for the next superstep by edges, conditional edges and `goto`, by name. */
  triggers: string[];
  /** Join barriers: the sources that have run so far, per join. */
  barriers: Record<string, string[]>;
  /** `Send`s to run in the next superstep, in order. */
  sends: { node: string; args: unknown }[];
  /** Input waiting for the START node (only on an input checkpoint). */
  input?: unknown;
  /** The nodes that ran in the superstep this checkpoint ends (for `updateState` without `asNode`). */
  ran: string[];
}

/** What made a checkpoint. */
export interface CheckpointMetadata {
  source: "input" | "loop" | "update" | "fork";
  step: number;
  /** Checkpoint ids of the enclosing graphs, by namespace. */
  parents: Record<string, string>;
  /** Updates written by `updateState`, by node. */
  writes?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What one task of a superstep left behind before the next checkpoint. */
export type PendingWrite =
  | {
      taskId: string;
      kind: "result";
      node: string;
      /** `[key, value]` state writes, in the order the node made them. */
      updates: [string, unknown][];
      /** Nodes triggered by the node's edges and `goto`. */
      triggers: string[];
      /** Join barriers the node completed its part of. */
      joins: string[];
      sends: { node: string; args: unknown }[];
      /** The node's own return value, for `updates` streams and task results. */
      output: unknown;
    }
  | { taskId: string; kind: "interrupt"; node: string; interrupts: { value: unknown; id: string }[] }
  | { taskId: string; kind: "resume"; node: string; values: unknown[] }
  | { taskId: string; kind: "error"; node: string; error: { name: string; message: string } };

/** A checkpoint with what belongs to it. */
export interface CheckpointTuple {
  threadId: string;
  namespace: string;
  checkpoint: Checkpoint;
  metadata: CheckpointMetadata;
  parentId: string | undefined;
  /** Writes of tasks of the superstep after this checkpoint that finished (or paused) before the next one. */
  pendingWrites: PendingWrite[];
}
