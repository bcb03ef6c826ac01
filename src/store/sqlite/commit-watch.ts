import type Database from "better-sqlite3";
import { ChangeFeed } from "../change-feed.js";

/**
 * Tells the SQLite journal's tails when rows may have been committed: by this journal (its commits call
 * {@link CommitWatch.committed}) or by any other connection, another process included, which moves the main
 * connection's `PRAGMA data_version`. That pragma is polled only while a tail waits, on a ref'd timer, so a process
 * whose only work is following a session stays alive.
 */
export class CommitWatch {
  /** What tails sleep on. */
  readonly changes: ChangeFeed;
  readonly #dataVersion: Database.Statement<[], number>;
  readonly #pollMs: number;
  #lastDataVersion = -1;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(db: Database.Database, pollMs: number) {
    this.#dataVersion = db.prepare("PRAGMA data_version").pluck() as Database.Statement<[], number>;
    this.#pollMs = pollMs;
    this.changes = new ChangeFeed((waiting) => this.#pollWhile(waiting));
  }

  /** This journal committed. */
  committed(): void {
    this.changes.bump();
  }

  /**
   * Records the connection's data_version, and wakes the tails when another connection committed since. A tail
   * calls it before each query: a commit after that moves the version, which the poller then sees.
   */
  note(): void {
    const version = this.#dataVersion.get() as number;
    if (version === this.#lastDataVersion) return;
    const first = this.#lastDataVersion === -1;
    this.#lastDataVersion = version;
    if (!first) this.changes.bump();
  }

  /** Stops polling for good (the journal closed). */
  stop(): void {
    this.#stopped = true;
    this.#pollWhile(false);
  }

  #pollWhile(waiting: boolean): void {
    if (!waiting || this.#stopped) {
      if (this.#timer !== undefined) clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    this.#timer ??= setInterval(() => {
      try {
        this.note();
      } catch {
        // A failing read is met again, and reported, by the tail's next query.
        this.changes.bump();
      }
    }, this.#pollMs);
  }
}
