import type Database from "better-sqlite3";
import { sqliteCode } from "./classify-error.js";
import { INSERT_CHUNK, type Statements, WRITE_SQL } from "./statements.js";
import type { SessionWrite } from "./writer-protocol.js";

/** What a commit could not store: sessions another writer got to first, and sessions whose lease was lost. */
export interface CommitOutcome {
  conflicts: string[];
  fenced: string[];
}

/**
 * Runs commit requests on the main thread's connection: the `inline` writer, and the way out when the process
 * exits or the writer thread died. With `idempotent`, events already stored are skipped and a new session's row is
 * upserted, because the writer thread may have committed part of what is written again.
 */
export class InlineWriter {
  readonly #db: Database.Database;
  readonly #statements: Statements;
  readonly #arguments: unknown[] = new Array(INSERT_CHUNK * 6);
  readonly #checkLease: Database.Statement<[string, string], number | undefined>;
  readonly #commit: Database.Transaction<
    (writes: SessionWrite[], durable: boolean, idempotent: boolean) => CommitOutcome
  >;
  readonly #writeSession: Database.Transaction<(write: SessionWrite, idempotent: boolean) => void>;

  constructor(db: Database.Database, statements: Statements) {
    this.#db = db;
    this.#statements = statements;
    this.#writeSession = db.transaction((write: SessionWrite, idempotent: boolean) =>
      this.#write(write, idempotent),
    );
    this.#checkLease = db.prepare(WRITE_SQL.checkLease).pluck() as Database.Statement<
      [string, string],
      number | undefined
    >;
    this.#commit = db.transaction((writes: SessionWrite[], durable: boolean, idempotent: boolean) => {
      const conflicts: string[] = [];
      const fenced: string[] = [];
      if (durable) statements.markFlush.run(new Date().toISOString());
      for (const write of writes) {
        if (conflicts.includes(write.id) || fenced.includes(write.id)) continue;
        // The fencing check: nothing of a writer whose lease was taken over is stored.
        if (this.#checkLease.get(write.id, write.token) !== write.fence) {
          fenced.push(write.id);
          continue;
        }
        try {
          this.#writeSession(write, idempotent);
        } catch (error) {
          if (sqliteCode(error)?.startsWith("SQLITE_CONSTRAINT")) conflicts.push(write.id);
          else throw error;
        }
      }
      return { conflicts, fenced };
    });
  }

  /**
   * Commits `writes` in one immediate transaction; returns the sessions whose events collided with stored ones and
   * those whose lease another writer holds now (neither had anything stored).
   */
  commit(writes: SessionWrite[], durable: boolean, idempotent: boolean): CommitOutcome {
    if (!durable) return this.#commit.immediate(writes, false, idempotent);
    this.#db.pragma("synchronous = FULL");
    try {
      return this.#commit.immediate(writes, true, idempotent);
    } finally {
      this.#db.pragma("synchronous = NORMAL");
    }
  }

  #write(write: SessionWrite, idempotent: boolean): void {
    const statements = this.#statements;
    if (write.insert) (idempotent ? statements.upsertSession : statements.insertSession).run(write.insert);
    if (write.update) statements.updateSession.run(write.update);
    if (write.count > 0) this.#insertEvents(write, idempotent);
    if (write.release) statements.releaseLease.run(write.id, write.token, write.fence);
  }

  #insertEvents(write: SessionWrite, idempotent: boolean): void {
    const { id, firstSeq, times, v, count } = write;
    const types = write.types.split("\n");
    const payloads = write.payloads.split("\n");
    const statements = this.#statements;
    let i = 0;
    if (!idempotent) {
      const args = this.#arguments;
      for (; i + INSERT_CHUNK <= count; i += INSERT_CHUNK) {
        let k = 0;
        for (let j = i; j < i + INSERT_CHUNK; j++) {
          args[k++] = id;
          args[k++] = firstSeq + j;
          args[k++] = types[j];
          args[k++] = payloads[j];
          args[k++] = times[j];
          args[k++] = v;
        }
        statements.insertEvents.run(args);
      }
    }
    const insert = idempotent ? statements.insertEventIfAbsent : statements.insertEvent;
    for (; i < count; i++) insert.run(id, firstSeq + i, types[i]!, payloads[i]!, times[i]!, v);
  }
}
