import type { Database } from "better-sqlite3";

/**
 * One step of the database schema. Migrations are never edited once released: a change is a new file with the
 * next version. Each runs inside the transaction that also records the new `user_version`.
 */
export interface Migration {
  /** The schema version the database has after this migration. */
  version: number;
  /** What it does, for error messages. */
  name: string;
  up(db: Database): void;
}
