import type { CheckpointTuple, PendingWrite } from "./checkpoint.js";
import type { CheckpointAddress, CheckpointSaver, StoredCheckpoint } from "./saver.js";

interface ThreadLog {
  /** Oldest first; ids are increasing, so the newest is last. */
  order: string[];
  byId: Map<string, StoredCheckpoint>;
  writes: Map<string, Map<string, PendingWrite>>;
}

/**
 * Keeps checkpoints in memory (LangGraph's `MemorySaver`). Values are kept by reference, not copied: a node must
 * return new values rather than mutate the state it was given (reducers that return a new array are fine).
 */
export class MemorySaver implements CheckpointSaver {
  private readonly threads = new Map<string, ThreadLog>();

  private log(address: CheckpointAddress, create: boolean): ThreadLog | undefined {
    const key = `${address.threadId}\u0000${address.namespace}`;
    let log = this.threads.get(key);
    if (!log && create) {
      log = { order: [], byId: new Map(), writes: new Map() };
      this.threads.set(key, log);
    }
    return log;
  }

  private tuple(address: CheckpointAddress, log: ThreadLog, id: string): CheckpointTuple | undefined {
    const stored = log.byId.get(id);
    if (!stored) return undefined;
    const writes = log.writes.get(id);
    return {
      threadId: address.threadId,
      namespace: address.namespace,
      ...stored,
      pendingWrites: writes ? [...writes.values()] : [],
    };
  }

  getTuple(address: CheckpointAddress, checkpointId?: string): CheckpointTuple | undefined {
    const log = this.log(address, false);
    if (!log || log.order.length === 0) return undefined;
    return this.tuple(address, log, checkpointId ?? log.order[log.order.length - 1]!);
  }

  async *list(
    address: CheckpointAddress,
    options: { before?: string; limit?: number } = {},
  ): AsyncIterable<CheckpointTuple> {
    const log = this.log(address, false);
    if (!log) return;
    let left = options.limit ?? Number.POSITIVE_INFINITY;
    for (let index = log.order.length - 1; index >= 0 && left > 0; index--) {
      const id = log.order[index]!;
      if (options.before !== undefined && id >= options.before) continue;
      const tuple = this.tuple(address, log, id);
      if (tuple) {
        left--;
        yield tuple;
      }
    }
  }

  put(
    address: CheckpointAddress,
    checkpoint: StoredCheckpoint["checkpoint"],
    metadata: StoredCheckpoint["metadata"],
    parentId: string | undefined,
  ): void {
    const log = this.log(address, true)!;
    log.byId.set(checkpoint.id, { checkpoint, metadata, parentId });
    log.order.push(checkpoint.id);
  }

  putWrites(address: CheckpointAddress, checkpointId: string, write: PendingWrite): void {
    const log = this.log(address, true)!;
    let writes = log.writes.get(checkpointId);
    if (!writes) {
      writes = new Map();
      log.writes.set(checkpointId, writes);
    }
    // One slot per kind: a task's interrupt stays on record (history shows it) beside its later answer and result.
    writes.set(`${write.taskId}\u0000${write.kind}`, write);
  }

  deleteThread(threadId: string): void {
    for (const key of [...this.threads.keys()])
      if (key.startsWith(`${threadId}\u0000`)) this.threads.delete(key);
  }
}
