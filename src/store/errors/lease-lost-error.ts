import { ArtError } from "../../core/index.js";

/**
 * A writer's lease on a session is gone: it expired and another writer acquired the session (with a newer fencing
 * token), or the writer released it. Its writes since are refused and nothing of them is stored.
 */
export class LeaseLostError extends ArtError {
  /** The session. */
  readonly sessionId: string;
  /** The fencing token the stale writer held. */
  readonly fencingToken: number;

  constructor(sessionId: string, fencingToken: number, why: string) {
    super(
      "store.lease_lost",
      `The writer of session ${sessionId} (fencing token ${fencingToken}) no longer holds its lease: ${why}; its writes are refused.`,
      {
        hint: "Stop this writer. To continue the session, acquire it again (resume) once the other writer is done.",
      },
    );
    this.sessionId = sessionId;
    this.fencingToken = fencingToken;
  }
}
