import type Database from "better-sqlite3";

/** Distinct SQL texts kept; filters make a few variants per key set, so this only bounds a pathological caller. */
const MAX_STATEMENTS = 128;

/**
 * Prepared statements by SQL text. `db.prepare` compiles the SQL every time (~5–15 µs each, several per search
 * and per written chunk); a search on a large store is a few hundred µs, so compiling was a measurable share.
 *
 * @example
 * ```ts
 * const sql = new StatementCache(db);
 * sql.get("SELECT count(*) AS n FROM chunks").get();
 * ```
 */
export class StatementCache {
  readonly #statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** The prepared statement for `sql` (not for `iterate()` loops that may nest: those need their own). */
  get(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= MAX_STATEMENTS) this.#statements.clear();
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
