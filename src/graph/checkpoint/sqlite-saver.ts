import path from "node:path";
import type Database from "better-sqlite3";
import { resolveArtHome } from "../../core/index.js";
import { CHECKPOINT_VERSION } from "../constants.js";
import { GraphError } from "../errors/index.js";
import type { Checkpoint, CheckpointMetadata, CheckpointTuple, PendingWrite } from "./checkpoint.js";
import type { CheckpointAddress, CheckpointSaver } from "./saver.js";

/** Options of {@link SqliteSaver}. */
export interface SqliteSaverOptions {
  /** The database file; default `$ART_HOME/art.db` (the journal's). */
  path?: string;
  /** Group-commit interval for `async` durability, in ms (default 25). */
  commitIntervalMs?: number;
}

interface Statements {
  putCheckpoint: Database.Statement;
  putWrite: Database.Statement;
  latest: Database.Statement;
  byId: Database.Statement;
  writes: Database.Statement;
  list: Database.Statement;
  listBefore: Database.Statement;
  deleteCheckpoints: Database.Statement;
  deleteWrites: Database.Statement;
}

interface Row {
  thread_id: string;
  namespace: string;
  checkpoint_id: string;
  parent_id: string | null;
  checkpoint: string;
  metadata: string;
}

function parseCheckpoint(row: Row): Checkpoint {
  const checkpoint = JSON.parse(row.checkpoint) as Checkpoint;
  if (checkpoint.v !== CHECKPOINT_VERSION)
    throw new GraphError(
      "GraphCheckpointVersionError",
      "graph.checkpoint_version",
      `Checkpoint ${row.checkpoint_id} of thread ${row.thread_id} has format version ${checkpoint.v}; this build reads version ${CHECKPOINT_VERSION}. Upgrade agent-runtime; the checkpoint was left untouched.`,
    );
  return checkpoint;
}

/**
 * Keeps checkpoints in the journal's SQLite database (`$ART_HOME/art.db`), beside the sessions. With `async`
 * durability (the default) writes are group-committed every 25 ms and at the end of each run (WAL, survives a killed
 * process); with `sync` each checkpoint and task write is committed and fsynced before the loop goes on (survives
 * power loss too). A kill -9 loses at most the last 25 ms of `async` work within a run, never a finished run or a
 * `sync` superstep. State values are stored as JSON.
 *
 * ```ts
 * const graph = builder.compile({ checkpointer: new SqliteSaver() });
 * ```
 */
export class SqliteSaver implements CheckpointSaver {
  private db: Database.Database | undefined;
  private statements: Statements | undefined;
  private readonly ready: Promise<void>;
  private queue: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly file: string;
  private readonly interval: number;
  private readonly onExit = () => this.commit(false);
  /** WAL with NORMAL survives a killed process; FULL (fsync per commit) is kept for `sync` durability. */
  private synchronous: "NORMAL" | "FULL" = "NORMAL";

  constructor(options: SqliteSaverOptions = {}) {
    this.file = path.resolve(options.path ?? path.join(resolveArtHome(), "art.db"));
    this.interval = options.commitIntervalMs ?? 25;
    this.ready = this.open();
    this.ready.catch(() => {});
  }

  /** LangGraph's spelling: a saver on the database file at `file` (":memory:" is not supported: use MemorySaver). */
  static fromConnString(file: string): SqliteSaver {
    return new SqliteSaver({ path: file });
  }

  private async open(): Promise<void> {
    const [{ openJournalDatabase }, { ensureGraphTables }] = await Promise.all([
      import("../../store/index.js"),
      import("./sqlite-schema.js"),
    ]);
    const db = openJournalDatabase(this.file);
    this.synchronous = "NORMAL";
    db.pragma("synchronous = NORMAL");
    ensureGraphTables(db, this.file);
    this.db = db;
    this.statements = {
      putCheckpoint: db.prepare(
        "INSERT OR REPLACE INTO graph_checkpoints (thread_id, namespace, checkpoint_id, parent_id, step, checkpoint, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      putWrite: db.prepare(
        "INSERT OR REPLACE INTO graph_writes (thread_id, namespace, checkpoint_id, task_id, kind, write) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      latest: db.prepare(
        "SELECT * FROM graph_checkpoints WHERE thread_id = ? AND namespace = ? ORDER BY checkpoint_id DESC LIMIT 1",
      ),
      byId: db.prepare(
        "SELECT * FROM graph_checkpoints WHERE thread_id = ? AND namespace = ? AND checkpoint_id = ?",
      ),
      writes: db.prepare(
        "SELECT write FROM graph_writes WHERE thread_id = ? AND namespace = ? AND checkpoint_id = ? ORDER BY task_id, kind",
      ),
      list: db.prepare(
        "SELECT * FROM graph_checkpoints WHERE thread_id = ? AND namespace = ? ORDER BY checkpoint_id DESC LIMIT ?",
      ),
      listBefore: db.prepare(
        "SELECT * FROM graph_checkpoints WHERE thread_id = ? AND namespace = ? AND checkpoint_id < ? ORDER BY checkpoint_id DESC LIMIT ?",
      ),
      deleteCheckpoints: db.prepare("DELETE FROM graph_checkpoints WHERE thread_id = ?"),
      deleteWrites: db.prepare("DELETE FROM graph_writes WHERE thread_id = ?"),
    };
    process.on("exit", this.onExit);
  }

  private tuple(row: Row): CheckpointTuple {
    const writes = (
      this.statements!.writes.all(row.thread_id, row.namespace, row.checkpoint_id) as { write: string }[]
    ).map((entry) => JSON.parse(entry.write) as PendingWrite);
    return {
      threadId: row.thread_id,
      namespace: row.namespace,
      checkpoint: parseCheckpoint(row),
      metadata: JSON.parse(row.metadata) as CheckpointMetadata,
      parentId: row.parent_id ?? undefined,
      pendingWrites: writes,
    };
  }

  /** Runs every queued write in one transaction; `durable` also fsyncs it. */
  private commit(durable = false): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.db || this.queue.length === 0) return;
    const queue = this.queue;
    this.queue = [];
    const wanted = durable ? "FULL" : "NORMAL";
    if (this.synchronous !== wanted) {
      this.db.pragma(`synchronous = ${wanted}`);
      this.synchronous = wanted;
    }
    this.db.transaction(() => {
      for (const write of queue) write();
    })();
  }

  private enqueue(write: () => void, durable: boolean): void | Promise<void> {
    if (!this.db) return this.ready.then(() => this.enqueue(write, durable));
    this.queue.push(write);
    if (durable) this.commit(true);
    else if (!this.timer) {
      this.timer = setTimeout(() => this.commit(), this.interval);
      this.timer.unref();
    }
  }

  async getTuple(address: CheckpointAddress, checkpointId?: string): Promise<CheckpointTuple | undefined> {
    await this.ready;
    this.commit();
    const row = (
      checkpointId === undefined
        ? this.statements!.latest.get(address.threadId, address.namespace)
        : this.statements!.byId.get(address.threadId, address.namespace, checkpointId)
    ) as Row | undefined;
    return row ? this.tuple(row) : undefined;
  }

  async *list(
    address: CheckpointAddress,
    options: { before?: string; limit?: number } = {},
  ): AsyncIterable<CheckpointTuple> {
    await this.ready;
    this.commit();
    const limit = options.limit ?? -1;
    const rows = (
      options.before === undefined
        ? this.statements!.list.all(address.threadId, address.namespace, limit)
        : this.statements!.listBefore.all(address.threadId, address.namespace, options.before, limit)
    ) as Row[];
    for (const row of rows) yield this.tuple(row);
  }

  put(
    address: CheckpointAddress,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    parentId: string | undefined,
    durable: boolean,
  ): void | Promise<void> {
    const checkpointJson = JSON.stringify(checkpoint);
    const metadataJson = JSON.stringify(metadata);
    return this.enqueue(
      () =>
        this.statements!.putCheckpoint.run(
          address.threadId,
          address.namespace,
          checkpoint.id,
          parentId ?? null,
          checkpoint.step,
          checkpointJson,
          metadataJson,
        ),
      durable,
    );
  }

  putWrites(
    address: CheckpointAddress,
    checkpointId: string,
    write: PendingWrite,
    durable: boolean,
  ): void | Promise<void> {
    const json = JSON.stringify(write);
    return this.enqueue(
      () =>
        this.statements!.putWrite.run(
          address.threadId,
          address.namespace,
          checkpointId,
          write.taskId,
          write.kind,
          json,
        ),
      durable,
    );
  }

  async flush(): Promise<void> {
    await this.ready;
    this.commit();
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.ready;
    this.commit();
    this.db!.transaction(() => {
      this.statements!.deleteCheckpoints.run(threadId);
      this.statements!.deleteWrites.run(threadId);
    })();
  }

  /** Commits what is queued and closes the database. */
  async close(): Promise<void> {
    await this.ready.catch(() => {});
    this.commit();
    process.off("exit", this.onExit);
    this.db?.close();
    this.db = undefined;
  }
}
