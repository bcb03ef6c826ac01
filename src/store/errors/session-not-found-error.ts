import { ArtError } from "../../core/index.js";

/** Events were appended to a session that was never started. */
export class SessionNotFoundError extends ArtError {
  /** The session. */
  readonly sessionId: string;

  constructor(sessionId: string) {
    super("store.session_not_found", `Session ${sessionId} does not exist in the journal.`, {
      hint: "Start it with a `session.started` event first, or check the id against the journal's sessions.",
    });
    this.sessionId = sessionId;
  }
}
