import type Database from "better-sqlite3";
import { ArtError } from "../core/index.js";

/**
 * The pool queue's own schema version, separate from the journal's migrations (which the lead owns): the pool's
 * tables live in the same SQLite file, created idempotently and recorded in `pool_meta`.
 */
export const POOL_SCHEMA_VERSION = 1;

/** Creates (or checks) the queue tables; refuses a file whose pool schema is newer than this build. */
export function ensureQueueSchema(db: Database.Database): void {
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
      finished_at INTEGER
    );
    CREATE INDEX IF NOT EXISTS pool_tasks_ready ON pool_tasks (queue, state, priority DESC, seq);
  `);
  const row = db.prepare("SELECT value FROM pool_meta WHERE key = 'schema_version'").get() as
    | { value: string }
    | undefined;
  if (!row) {
    db.prepare("INSERT INTO pool_meta (key, value) VALUES ('schema_version', ?)").run(
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
