export * from "./errors/index.js";
export type {
  AcquireOptions,
  Journal,
  JournalWriter,
  SessionPage,
  SessionQuery,
  SessionStatus,
  SessionSummary,
  TailOptions,
} from "./journal.js";
export { DEFAULT_LEASE_TTL_MS } from "./lease-terms.js";
export { MemoryJournal, type MemoryJournalOptions } from "./memory-journal.js";
export { SCHEMA_VERSION } from "./migrations/index.js";
export { TITLE_MAX_LENGTH } from "./session-summary.js";
export { openSqliteJournal, SqliteJournal, type SqliteJournalOptions } from "./sqlite/sqlite-journal.js";

import type Database from "better-sqlite3";
import { StoreReadOnlyError } from "./errors/index.js";
import { openDatabase } from "./sqlite/open-database.js";

/**
 * Opens the journal's SQLite database (creating it and its schema when missing) for a module that keeps its own
 * tables beside the journal's, such as the graph runtime's checkpoints.
 */
export function openJournalDatabase(file: string, busyTimeoutMs = 5000): Database.Database {
  const opened = openDatabase(file, busyTimeoutMs);
  if (opened.readOnly) {
    opened.db.close();
    throw new StoreReadOnlyError(file);
  }
  return opened.db;
}
