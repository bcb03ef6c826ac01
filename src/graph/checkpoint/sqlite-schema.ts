import type Database from "better-sqlite3";
import { StoreNewerSchemaError } from "../../store/index.js";

/** Version of the graph tables' layout; recorded in the journal database's `meta` table. */
export const GRAPH_TABLES_VERSION = 1;

/**
 * Creates the graph checkpoint tables beside the journal's (same database file, so a session and the graph thread
 * it belongs to are one backup, one WAL, one lock). Refuses a database whose graph tables are newer than this build.
 */
export function ensureGraphTables(db: Database.Database, file: string): void {
  db.transaction(() => {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'graph_tables_version'").get() as
      | { value: string }
      | undefined;
    const found = row ? Number(row.value) : 0;
    if (found > GRAPH_TABLES_VERSION)
      throw new StoreNewerSchemaError(`The graph checkpoints in ${file}`, found, GRAPH_TABLES_VERSION);
    if (found === GRAPH_TABLES_VERSION) return;
    db.exec(`
      CREATE TABLE IF NOT EXISTS graph_checkpoints (
        thread_id TEXT NOT NULL,
        namespace TEXT NOT NULL,
        checkpoint_id TEXT NOT NULL,
        parent_id TEXT,
        step INTEGER NOT NULL,
        checkpoint TEXT NOT NULL,
        metadata TEXT NOT NULL,
        PRIMARY KEY (thread_id, namespace, checkpoint_id)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS graph_writes (
        thread_id TEXT NOT NULL,
        namespace TEXT NOT NULL,
        checkpoint_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        write TEXT NOT NULL,
        PRIMARY KEY (thread_id, namespace, checkpoint_id, task_id, kind)
      ) WITHOUT ROWID;
    `);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('graph_tables_version', ?)").run(
      String(GRAPH_TABLES_VERSION),
    );
  }).immediate();
}
