import type { Checkpoint, CheckpointMetadata, CheckpointTuple, PendingWrite } from "./checkpoint.js";

/** Where a saver keeps one thread's checkpoints: a thread and a subgraph namespace ("" for the root graph). */
export interface CheckpointAddress {
  threadId: string;
  namespace: string;
}

/**
 * Stores checkpoints and pending writes. Methods may answer synchronously (the in-memory saver does, which keeps the
 * loop free of extra awaits) or with a promise.
 */
export interface CheckpointSaver {
  /** The newest checkpoint of a thread, or the one with `checkpointId`. */
  getTuple(
    address: CheckpointAddress,
    checkpointId?: string,
  ): CheckpointTuple | undefined | Promise<CheckpointTuple | undefined>;
  /** Checkpoints of a thread, newest first. */
  list(
    address: CheckpointAddress,
    options?: { before?: string; limit?: number },
  ): AsyncIterable<CheckpointTuple>;
  /** Saves a checkpoint. `durable` asks that it be on disk before the call settles (sync durability). */
  put(
    address: CheckpointAddress,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    parentId: string | undefined,
    durable: boolean,
  ): void | Promise<void>;
  /** Records one task's writes against the checkpoint its superstep started from (replacing earlier ones of it). */
  putWrites(
    address: CheckpointAddress,
    checkpointId: string,
    write: PendingWrite,
    durable: boolean,
  ): void | Promise<void>;
  /** Makes everything saved so far durable. */
  flush?(): Promise<void>;
  /** Deletes a thread (every namespace). */
  deleteThread?(threadId: string): void | Promise<void>;
}

/** The checkpoint, metadata and parent kept for one saved superstep (used by savers). */
export interface StoredCheckpoint {
  checkpoint: Checkpoint;
  metadata: CheckpointMetadata;
  parentId: string | undefined;
}
