import path from "node:path";
import type Database from "better-sqlite3";
import { IndexFormatError } from "./errors/index.js";

/** Version of `files.sqlite`'s shape; a newer one is refused, an older one would be migrated here. */
export const FILE_TABLE_VERSION = 1;

/** What the index recorded about one file. */
export interface FileRow {
  path: string;
  /** Git blob id of the content indexed (`sha1("blob <size>\0" + bytes)`), so git's own ids compare equal. */
  hash: string;
  size: number;
  mtimeMs: number;
  /** Chunks stored for this file now (ids `<file key>:0 … chunks-1`). */
  chunks: number;
  /** Every chunk id that may exist for the file is below this: raised before chunks are written, so a crash between
   * writing chunks and recording them never leaves a stale chunk the next run cannot find. */
  maxChunks: number;
  /** Why it has no chunks (`binary`, `too-large`, `unreadable`), if so. */
  skipped: string | null;
}

interface RawRow {
  path: string;
  hash: string;
  size: number;
  mtime_ms: number;
  chunks: number;
  max_chunks: number;
  skipped: string | null;
}

/**
 * The index's bookkeeping: one row per indexed file, in `files.sqlite` beside the chunk store. It lets a re-index
 * compare blob ids (and, for files git cannot vouch for, size and mtime) instead of reading every file.
 */
export class FileTable {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Opens or creates the table in `dir`. */
  static async open(dir: string, root: string): Promise<FileTable> {
    const { default: Sqlite } = await import("better-sqlite3");
    const file = path.join(dir, "files.sqlite");
    const db = new Sqlite(file, { timeout: 5000 });
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      db.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, hash TEXT NOT NULL, size INTEGER NOT NULL,
          mtime_ms REAL NOT NULL, chunks INTEGER NOT NULL, max_chunks INTEGER NOT NULL, skipped TEXT);`);
      const version = db.prepare("SELECT value FROM meta WHERE key = 'format_version'").get() as
        | { value: string }
        | undefined;
      if (version && Number(version.value) > FILE_TABLE_VERSION)
        throw new IndexFormatError(file, version.value);
      const put = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
      db.transaction(() => {
        put.run("format_version", String(FILE_TABLE_VERSION));
        put.run("root", root);
      })();
      return new FileTable(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** All rows by path. */
  all(): Map<string, FileRow> {
    const rows = this.#db.prepare("SELECT * FROM files").all() as RawRow[];
    return new Map(
      rows.map((r) => [
        r.path,
        {
          path: r.path,
          hash: r.hash,
          size: r.size,
          mtimeMs: r.mtime_ms,
          chunks: r.chunks,
          maxChunks: r.max_chunks,
          skipped: r.skipped,
        },
      ]),
    );
  }

  /** Raises the chunk-id high-water marks of files about to be (re)written, in one transaction. */
  reserve(marks: ReadonlyArray<{ path: string; maxChunks: number }>): void {
    const raise = this.#db.prepare("UPDATE files SET max_chunks = max(max_chunks, ?) WHERE path = ?");
    const insert = this.#db.prepare(
      "INSERT OR IGNORE INTO files (path, hash, size, mtime_ms, chunks, max_chunks, skipped) VALUES (?, '', 0, 0, 0, ?, NULL)",
    );
    this.#db.transaction(() => {
      for (const mark of marks) {
        insert.run(mark.path, mark.maxChunks);
        raise.run(mark.maxChunks, mark.path);
      }
    })();
  }

  /** Records files as indexed, in one transaction. */
  record(rows: readonly FileRow[]): void {
    const put = this.#db.prepare(
      "INSERT OR REPLACE INTO files (path, hash, size, mtime_ms, chunks, max_chunks, skipped) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    this.#db.transaction(() => {
      for (const r of rows) put.run(r.path, r.hash, r.size, r.mtimeMs, r.chunks, r.maxChunks, r.skipped);
    })();
  }

  /** Forgets files (after their chunks were deleted). */
  remove(paths: readonly string[]): void {
    const del = this.#db.prepare("DELETE FROM files WHERE path = ?");
    this.#db.transaction(() => {
      for (const p of paths) del.run(p);
    })();
  }

  close(): void {
    this.#db.close();
  }
}
