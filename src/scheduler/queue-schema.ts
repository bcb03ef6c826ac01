import type Database from "better-sqlite3";
import { ArtError } from "../core/index.js";

/**
 * The pool queue's own schema version, separate from the journal's migrations (which the lead owns): the pool's
 * tables live in the same SQLite file, created idempotently and recorded in `pool_meta`.
 */
export const POOL_SCHEMA_VERSION = 2;

/** Creates (or checks) the queue tables; refuses a file whose pool schema is newer than this build. */
export function ensureQueueSchema(db: Database.Database): void {
  // One IMMEDIATE transaction: two pools opening an old file at once cannot both add the column.
  db.transaction(() => createOrMigrate(db)).immediate();
}

function createOrMigrate(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS pool_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS pool_tasks (
      id TEXT PRIMARY KEY,
      queue TEXT NOT NULL,
      kind TEXT NOT NULL,
      payload TEXT NOT NULL,
      priority INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      state TEXT NOT NULL,
      session_id TEXT NOT NULL,
      lease_owner TEXT,
      lease_expires_at INTEGER,
      attempts INTEGER NOT NULL DEFAULT 0,
      result TEXT,
      error TEXT,
      created_at INTEGER NOT NULL,
      finished_at INTEGER,
      deadline_at INTEGER
    );
    CREATE INDEX IF NOT EXISTS pool_tasks_ready ON pool_tasks (queue, state, priority DESC, seq);
  `);
  const row = db.prepare("SELECT value FROM pool_meta WHERE key = 'schema_version'").get() as
    | { value: string }
    | undefined;
  if (row && Number(row.value) < 2) migrateToDeadlines(db);
  if (!row || Number(row.value) < POOL_SCHEMA_VERSION) {
    db.prepare("INSERT OR REPLACE INTO pool_meta (key, value) VALUES ('schema_version', ?)").run(
      String(POOL_SCHEMA_VERSION),
    );
  } else if (Number(row.value) > POOL_SCHEMA_VERSION) {
    throw new ArtError(
      "pool.newer_schema",
      `The pool queue in this database has schema ${row.value}, newer than this build's ${POOL_SCHEMA_VERSION}.`,
      { hint: "Upgrade agent-runtime to the version that wrote it." },
    );
  }
}

/**
 * Schema 1 to 2: tasks get a `deadline_at` (epoch ms, NULL for none), so old rows read as tasks without a deadline.
 * Idempotent (the column is added only when missing), and in the same transaction as the version bump.
 */
function migrateToDeadlines(db: Database.Database): void {
  const columns = db.prepare("PRAGMA table_info(pool_tasks)").all() as { name: string }[];
  if (!columns.some((column) => column.name === "deadline_at"))
    db.exec("ALTER TABLE pool_tasks ADD COLUMN deadline_at INTEGER");
}
