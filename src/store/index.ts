export * from "./errors/index.js";
export type { Journal, SessionSummary } from "./journal.js";
export { MemoryJournal, type MemoryJournalOptions } from "./memory-journal.js";
export { SCHEMA_VERSION } from "./migrations/index.js";
export { TITLE_MAX_LENGTH } from "./session-summary.js";
export { openSqliteJournal, SqliteJournal, type SqliteJournalOptions } from "./sqlite/sqlite-journal.js";
