import type Database from "better-sqlite3";
import { MemoryFormatError } from "./errors/index.js";

/** On-disk format version of a memory store; bump with a migration when a table changes. */
export const MEMORY_FORMAT_VERSION = 2;

/**
 * Version 2 adds `vector_changes`: every vector write or delete appends the chunk's rowid in the same transaction,
 * so a side index (HNSW) that recorded the last `seq` it reflects can catch up after a crash or another process's
 * writes instead of trusting a stale file.
 */
const CHANGES_TABLE =
  "CREATE TABLE vector_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, chunk_rowid INTEGER NOT NULL);";

/** Creates the tables on a fresh file, or checks the version of an existing one. Runs in one transaction. */
export function ensureSchema(db: Database.Database, file: string): void {
  db.transaction(() => {
    const hasMeta = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'memory_meta'")
      .get();
    if (!hasMeta) {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
        n: number;
      };
      if (tables.n > 0) {
        throw new MemoryFormatError(
          `${file} is a SQLite file but not a memory store.`,
          "Point Memory.vectorStore at an empty directory.",
        );
      }
      db.exec(`
        CREATE TABLE memory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE chunks (
          rowid INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          text TEXT NOT NULL,
          metadata TEXT NOT NULL,
          content_hash TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE VIRTUAL TABLE chunks_fts USING fts5(text, content='', contentless_delete=1, tokenize='unicode61');
        CREATE TABLE chunk_vectors (rowid INTEGER PRIMARY KEY, embedding BLOB NOT NULL);
        ${CHANGES_TABLE}
      `);
      db.prepare("INSERT INTO memory_meta (key, value) VALUES ('format_version', ?)").run(
        String(MEMORY_FORMAT_VERSION),
      );
      return;
    }
    const row = db.prepare("SELECT value FROM memory_meta WHERE key = 'format_version'").get() as
      | { value: string }
      | undefined;
    const version = Number(row?.value);
    if (!Number.isInteger(version)) {
      throw new MemoryFormatError(
        `${file} has no format version.`,
        "The file is damaged; delete it and re-index.",
      );
    }
    if (version > MEMORY_FORMAT_VERSION) {
      throw new MemoryFormatError(
        `${file} has memory format version ${version}, newer than the version ${MEMORY_FORMAT_VERSION} this build understands.`,
        "Upgrade art; the store was left untouched.",
      );
    }
    if (version < 2) {
      // 1 → 2: the change log starts now; a side index built later begins from a full build anyway.
      db.exec(CHANGES_TABLE);
      writeMeta(db, "format_version", "2");
    }
  })();
}

/** Reads one memory_meta value. */
export function readMeta(db: Database.Database, key: string): string | undefined {
  const row = db.prepare("SELECT value FROM memory_meta WHERE key = ?").get(key) as
    | { value: string }
    | undefined;
  return row?.value;
}

/** Writes one memory_meta value. */
export function writeMeta(db: Database.Database, key: string, value: string): void {
  db.prepare(
    "INSERT INTO memory_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  ).run(key, value);
}
