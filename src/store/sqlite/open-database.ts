import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { StoreCorruptError } from "../errors/store-corrupt-error.js";
import { StoreNewerSchemaError } from "../errors/store-newer-schema-error.js";
import { StoreReadOnlyError } from "../errors/store-read-only-error.js";
import { StoreUnavailableError } from "../errors/store-unavailable-error.js";
import { MIGRATIONS, SCHEMA_VERSION } from "../migrations/index.js";
import { classifyOpenError } from "./classify-error.js";

/** An open journal database, and whether it could only be opened for reading. */
export interface OpenedDatabase {
  db: Database.Database;
  readOnly: boolean;
}

/** True when the database file (if it exists) and its directory (for the WAL and its index) can be written. */
function isWritable(file: string, directory: string): boolean {
  try {
    accessSync(directory, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens (creating when missing) the journal database and brings its schema up to date.
 *
 * The checks that can refuse the file run before anything is written to it, so a corrupt, foreign, locked or
 * newer-schema database is reported and left byte-for-byte as it was: first a read of the header and the schema
 * table, then the version check, and only then the switch to WAL and the migrations (in one transaction). An
 * existing database that cannot be written (read-only mount or file) is opened read-only, so it can still be
 * listed and shown; nothing is written to it, not even a lease.
 */
export function openDatabase(file: string, busyTimeoutMs: number): OpenedDatabase {
  const directory = path.dirname(path.resolve(file));
  try {
    mkdirSync(directory, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new StoreUnavailableError(file, `cannot create its directory ${directory} (${code})`, error);
  }
  const readOnly = existsSync(file) && !isWritable(file, directory);
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: busyTimeoutMs, readonly: readOnly });
  } catch (error) {
    throw classifyOpenError(file, error, busyTimeoutMs);
  }
  try {
    const version = db.pragma("user_version", { simple: true }) as number;
    const tables = db.prepare("SELECT count(*) FROM sqlite_master").pluck().get() as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreNewerSchemaError(`The journal database ${file}`, version, SCHEMA_VERSION);
    }
    if (version === 0 && tables > 0) {
      throw new StoreCorruptError(
        file,
        "it is a SQLite database of another program (it has no journal schema version)",
      );
    }
    if (readOnly) {
      if (version < SCHEMA_VERSION) {
        throw new StoreReadOnlyError(
          file,
          `it was written by an older version (schema ${version}) and must be upgraded once with write access`,
        );
      }
      return { db, readOnly };
    }
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    if (version < SCHEMA_VERSION) migrate(db, file);
    return { db, readOnly };
  } catch (error) {
    db.close();
    throw classifyOpenError(file, error, busyTimeoutMs);
  }
}

/** Applies the missing migrations in one immediate transaction, re-reading the version under the write lock. */
function migrate(db: Database.Database, file: string): void {
  db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new StoreNewerSchemaError(`The journal database ${file}`, current, SCHEMA_VERSION);
    }
    for (const migration of MIGRATIONS) {
      if (migration.version > current) migration.up(db);
    }
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(
      String(SCHEMA_VERSION),
    );
    if (current === 0) {
      db.prepare("INSERT INTO meta (key, value) VALUES ('created_at', ?)").run(new Date().toISOString());
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
