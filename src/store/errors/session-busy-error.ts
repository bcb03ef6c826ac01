import { ArtError } from "../../core/index.js";

/** Another process (or another open journal) is appending to the same session. */
export class SessionBusyError extends ArtError {
  /** The session. */
  readonly sessionId: string;

  constructor(sessionId: string, holder: string, cause?: unknown) {
    super("store.session_busy", `Session ${sessionId} is being written by ${holder}.`, {
      hint: "Wait for that process to finish, stop it, or fork the session to continue in a new one.",
      isRetryable: true,
      cause,
    });
    this.sessionId = sessionId;
  }
}
