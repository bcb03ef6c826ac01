import { ArtError } from "../../core/index.js";
import { damageAdvice } from "./damage-advice.js";

/** A stored event could not be decoded or no longer matches the event schema. */
export class CorruptEventError extends ArtError {
  /** The session holding the event. */
  readonly sessionId: string;
  /** The event's position in the session. */
  readonly seq: number;
  /** What is wrong with it. */
  readonly detail: string;
  /** The turn a fork can start from without reading the damage, when one is known. */
  readonly forkAtTurn: number | undefined;

  constructor(
    sessionId: string,
    seq: number,
    detail: string,
    cause?: unknown,
    where: { forkAtTurn?: number; readFromStart?: boolean } = {},
  ) {
    super("store.corrupt_event", `Event ${seq} of session ${sessionId} is corrupt: ${detail}.`, {
      hint: damageAdvice(sessionId, where.forkAtTurn, where.readFromStart ?? seq === 1),
      cause,
    });
    this.sessionId = sessionId;
    this.seq = seq;
    this.detail = detail;
    this.forkAtTurn = where.forkAtTurn;
  }
}
