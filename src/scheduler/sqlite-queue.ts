import Database from "better-sqlite3";
import { ensureQueueSchema } from "./queue-schema.js";
import type { PoolTask, TaskRecord, TaskState } from "./task.js";

interface Row {
  id: string;
  queue: string;
  kind: string;
  payload: string;
  priority: number;
  state: TaskState;
  session_id: string;
  attempts: number;
  result: string | null;
  error: string | null;
  deadline_at: number | null;
}

function recordOf(row: Row): TaskRecord {
  return {
    id: row.id,
    queue: row.queue,
    task: { kind: row.kind, ...JSON.parse(row.payload) } as PoolTask,
    priority: row.priority,
    state: row.state,
    sessionId: row.session_id,
    attempts: row.attempts,
    ...(row.deadline_at !== null ? { deadlineAt: row.deadline_at } : {}),
    ...(row.result !== null ? { result: JSON.parse(row.result) } : {}),
    ...(row.error !== null ? { error: JSON.parse(row.error) } : {}),
  };
}

/**
 * Only tasks a pool can run: of a kind it knows, naming an agent it was given (a JSON array parameter). Pools of
 * different programs may share one database; without this, one would claim the other's tasks and fail them as
 * unknown. On PostgreSQL: `kind = 'session' AND payload->>'agent' = ANY($agents)`.
 */
const RUNNABLE = "kind = 'session' AND json_extract(payload, '$.agent') IN (SELECT value FROM json_each(?))";

/**
 * The durable task queue, in the journal's SQLite file. A claim takes the best ready row (highest priority, then
 * oldest) that is queued or whose lease expired, and stamps it with `(lease_owner, lease_expires_at)` in one
 * IMMEDIATE transaction. On PostgreSQL the same claim is `SELECT ... WHERE state = 'queued' OR lease_expires_at <
 * now() ORDER BY priority DESC, seq FOR UPDATE SKIP LOCKED LIMIT 1` followed by the same UPDATE; every other
 * write is guarded by `lease_owner = ?`, so a pool whose lease was taken over cannot finish a task it lost.
 */
export class SqliteQueue {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 10000");
    ensureQueueSchema(this.db);
  }

  /** Inserts a task unless its id exists; returns the stored row either way. */
  enqueue(
    id: string,
    queue: string,
    task: PoolTask,
    priority: number,
    sessionId: string,
    deadlineAt?: number,
  ): TaskRecord {
    const { kind, ...payload } = task;
    this.db
      .prepare(
        `INSERT OR IGNORE INTO pool_tasks
           (id, queue, kind, payload, priority, seq, state, session_id, created_at, deadline_at)
         VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM pool_tasks), 'queued', ?, ?, ?)`,
      )
      .run(id, queue, kind, JSON.stringify(payload), priority, sessionId, Date.now(), deadlineAt ?? null);
    return this.get(id)!;
  }

  get(id: string): TaskRecord | undefined {
    const row = this.db.prepare("SELECT * FROM pool_tasks WHERE id = ?").get(id) as Row | undefined;
    return row ? recordOf(row) : undefined;
  }

  /** Unfinished tasks (queued, or running under any lease) in `queue`, or in all queues. */
  countUnfinished(queue?: string): number {
    const sql = `SELECT COUNT(*) AS n FROM pool_tasks WHERE state IN ('queued', 'running')${queue ? " AND queue = ?" : ""}`;
    const row = (queue ? this.db.prepare(sql).get(queue) : this.db.prepare(sql).get()) as { n: number };
    return row.n;
  }

  /** Counts by state, for stats. */
  counts(): Record<TaskState, number> {
    const out: Record<TaskState, number> = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
    const rows = this.db.prepare("SELECT state, COUNT(*) AS n FROM pool_tasks GROUP BY state").all() as {
      state: TaskState;
      n: number;
    }[];
    for (const row of rows) out[row.state] = row.n;
    return out;
  }

  /**
   * Claims the best ready task of `queue` for `owner` until `now + leaseMs`; undefined when none is ready. An
   * owner never re-claims its own expired lease (a late renewal on a busy event loop): it still runs that task.
   */
  claim(queue: string, owner: string, leaseMs: number, agents: readonly string[]): TaskRecord | undefined {
    const now = Date.now();
    const take = this.db.transaction((): Row | undefined => {
      const row = this.db
        .prepare(
          `SELECT id FROM pool_tasks WHERE queue = ?
             AND (state = 'queued' OR (state = 'running' AND lease_expires_at < ? AND lease_owner <> ?))
             AND (deadline_at IS NULL OR deadline_at > ?)
             AND ${RUNNABLE}
           ORDER BY priority DESC, seq LIMIT 1`,
        )
        .get(queue, now, owner, now, JSON.stringify(agents)) as { id: string } | undefined;
      if (!row) return undefined;
      return this.db
        .prepare(
          `UPDATE pool_tasks SET state = 'running', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1
           WHERE id = ? RETURNING *`,
        )
        .get(owner, now + leaseMs, row.id) as Row;
    });
    const row = take.immediate();
    return row ? recordOf(row) : undefined;
  }

  /** Queues that have a ready task this pool can run, so the pool only tries those. */
  readyQueues(agents: readonly string[]): string[] {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT queue FROM pool_tasks
         WHERE (state = 'queued' OR (state = 'running' AND lease_expires_at < ?)) AND ${RUNNABLE}`,
      )
      .all(Date.now(), JSON.stringify(agents)) as { queue: string }[];
    return rows.map((row) => row.queue);
  }

  /**
   * Hands back the tasks `owner` still holds (a pool closing cleanly): queued again at once, with their session ids,
   * so the next pool resumes them without waiting for the lease to run out.
   */
  release(owner: string): void {
    this.db
      .prepare(
        `UPDATE pool_tasks SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL
         WHERE lease_owner = ? AND state = 'running'`,
      )
      .run(owner);
  }

  /** Extends the leases `owner` holds; returns the ids it still holds. */
  renew(owner: string, leaseMs: number): void {
    this.db
      .prepare("UPDATE pool_tasks SET lease_expires_at = ? WHERE lease_owner = ? AND state = 'running'")
      .run(Date.now() + leaseMs, owner);
  }

  /** Ends a task `owner` holds; false when the lease was lost (another pool owns it now). */
  finish(
    id: string,
    owner: string,
    state: "done" | "failed" | "cancelled",
    value: { result?: unknown; error?: { code: string; message: string } },
  ): boolean {
    const info = this.db
      .prepare(
        `UPDATE pool_tasks SET state = ?, result = ?, error = ?, finished_at = ?, lease_owner = NULL
         WHERE id = ? AND lease_owner = ? AND state = 'running'`,
      )
      .run(
        state,
        value.result === undefined ? null : JSON.stringify(value.result),
        value.error === undefined ? null : JSON.stringify(value.error),
        Date.now(),
        id,
        owner,
      );
    return info.changes === 1;
  }

  /**
   * Ends, as cancelled with `error`, every task past its deadline that no live pool runs: queued ones, and
   * claimed ones whose lease expired (their pool died). Returns their ids. A running task of a live pool is
   * stopped by that pool's own timer instead, so its session is interrupted cleanly first.
   */
  expire(error: (id: string, deadlineAt: number) => { code: string; message: string }): string[] {
    const now = Date.now();
    const rows = this.db
      .prepare(
        `SELECT id, deadline_at FROM pool_tasks WHERE deadline_at <= ?
           AND (state = 'queued' OR (state = 'running' AND lease_expires_at < ?))`,
      )
      .all(now, now) as { id: string; deadline_at: number }[];
    const update = this.db.prepare(
      `UPDATE pool_tasks SET state = 'cancelled', error = ?, finished_at = ?, lease_owner = NULL
       WHERE id = ? AND (state = 'queued' OR (state = 'running' AND lease_expires_at < ?))`,
    );
    return rows
      .filter(
        (row) => update.run(JSON.stringify(error(row.id, row.deadline_at)), now, row.id, now).changes === 1,
      )
      .map((row) => row.id);
  }

  /** Cancels a queued task; false when it is not queued (running, finished, or unknown). */
  cancelQueued(id: string): boolean {
    const info = this.db
      .prepare("UPDATE pool_tasks SET state = 'cancelled', finished_at = ? WHERE id = ? AND state = 'queued'")
      .run(Date.now(), id);
    return info.changes === 1;
  }

  close(): void {
    this.db.close();
  }
}
