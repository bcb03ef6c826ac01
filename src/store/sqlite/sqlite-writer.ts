import type { AgentEvent, StoredEvent } from "../../core/index.js";
import { LeaseLostError } from "../errors/lease-lost-error.js";
import type { JournalWriter } from "../journal-writer.js";
import type { SqliteSession } from "./sqlite-session.js";

/** What a {@link SqliteWriter} needs of its journal. */
export interface SqliteWriterHost {
  appendTo(session: SqliteSession, events: AgentEvent[]): StoredEvent[];
  storedSeq(sessionId: string): number;
  whenStored(sessionId: string, seq: number): Promise<void>;
  flushSession(session: SqliteSession): Promise<void>;
  releaseSession(session: SqliteSession): Promise<void>;
}

/**
 * A writer of the SQLite journal: a handle on one lease of one session. Its appends are buffered by the journal
 * and committed by its group commits, each of which checks the fencing token in the same transaction.
 */
export class SqliteWriter implements JournalWriter {
  readonly sessionId: string;

  constructor(
    private readonly host: SqliteWriterHost,
    private readonly session: SqliteSession,
    readonly fencingToken: number,
  ) {
    this.sessionId = session.id;
  }

  append(events: AgentEvent[]): StoredEvent[] {
    this.#assertHolds();
    return this.host.appendTo(this.session, events);
  }

  lastSeq(): number {
    return this.session.lastSeq;
  }

  storedSeq(): number {
    return this.host.storedSeq(this.sessionId);
  }

  whenStored(seq: number): Promise<void> {
    return this.host.whenStored(this.sessionId, seq);
  }

  async flush(): Promise<void> {
    await this.host.flushSession(this.session);
  }

  async release(): Promise<void> {
    if (this.session.writer !== this || this.session.fence !== this.fencingToken) return;
    await this.host.releaseSession(this.session);
  }

  #assertHolds(): void {
    const session = this.session;
    if (session.writer === this && session.fence === this.fencingToken) return;
    throw new LeaseLostError(this.sessionId, this.fencingToken, "it was released or taken over");
  }
}
