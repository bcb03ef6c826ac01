import { ArtError } from "../../core/index.js";
import { damageAdvice } from "./damage-advice.js";

/** Events are missing from a session's journal: a row was deleted, so the fold would silently skip something. */
export class SeqGapError extends ArtError {
  /** The session with the gap. */
  readonly sessionId: string;
  /** The first missing seq. */
  readonly missingFrom: number;
  /** The seq found where `missingFrom` was expected. */
  readonly found: number;
  /** The turn a fork can start from without reading the gap, when one is known. */
  readonly forkAtTurn: number | undefined;

  constructor(
    sessionId: string,
    missingFrom: number,
    found: number,
    forkAtTurn: number | undefined,
    readFromStart: boolean,
  ) {
    const missing =
      found - 1 === missingFrom ? `event ${missingFrom} is` : `events ${missingFrom}..${found - 1} are`;
    super(
      "store.seq_gap",
      `The journal of session ${sessionId} is incomplete: ${missing} missing (deleted rows).`,
      {
        hint: damageAdvice(sessionId, forkAtTurn, readFromStart),
      },
    );
    this.sessionId = sessionId;
    this.missingFrom = missingFrom;
    this.found = found;
    this.forkAtTurn = forkAtTurn;
  }
}
