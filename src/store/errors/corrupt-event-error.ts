import { ArtError } from "../../core/index.js";

/** A stored event could not be decoded or no longer matches the event schema. */
export class CorruptEventError extends ArtError {
  /** The session holding the event. */
  readonly sessionId: string;
  /** The event's position in the session. */
  readonly seq: number;

  constructor(sessionId: string, seq: number, detail: string, cause?: unknown) {
    super("store.corrupt_event", `Event ${seq} of session ${sessionId} is corrupt: ${detail}.`, {
      hint: `Events 1..${seq - 1} are intact and can still be read; fork the session from before event ${seq} to continue.`,
      cause,
    });
    this.sessionId = sessionId;
    this.seq = seq;
  }
}
