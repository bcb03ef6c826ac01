import type { StoredEvent } from "../core/index.js";
import { CorruptEventError } from "./errors/corrupt-event-error.js";
import { SeqGapError } from "./errors/seq-gap-error.js";
import { decodeEvent, type EventRecord } from "./event-codec.js";

/**
 * Decodes a session's records in seq order and checks they follow each other without a gap, so a deleted row is
 * an error instead of an event the fold silently never sees. It remembers the last turn read intact, so a damaged
 * journal's error can offer a fork that works.
 */
export class JournalCursor {
  /** The seq the next record must have. */
  next: number;
  readonly #fromStart: boolean;
  #lastTurn: number | undefined;

  constructor(
    readonly sessionId: string,
    fromSeq: number,
  ) {
    this.next = fromSeq;
    this.#fromStart = fromSeq === 1;
  }

  /** Decodes `record`, which must be the next one; throws `store.seq_gap` or `store.corrupt_event` otherwise. */
  decode(record: EventRecord): StoredEvent {
    if (record.seq !== this.next) {
      throw new SeqGapError(this.sessionId, this.next, record.seq, this.#lastTurn, this.#fromStart);
    }
    let stored: StoredEvent;
    try {
      stored = decodeEvent(this.sessionId, record);
    } catch (error) {
      if (!(error instanceof CorruptEventError)) throw error;
      throw new CorruptEventError(this.sessionId, record.seq, error.detail, error.cause, {
        ...(this.#lastTurn !== undefined ? { forkAtTurn: this.#lastTurn } : {}),
        readFromStart: this.#fromStart,
      });
    }
    if (stored.event.type === "turn.started") this.#lastTurn = stored.event.turn;
    this.next = record.seq + 1;
    return stored;
  }
}
