import { ArtError } from "../core/index.js";

/** No session has that id (or there are no sessions for `--last`). */
export class SessionNotFoundError extends ArtError {
  constructor(what: string) {
    super("session.not_found", `No session ${what}.`, {
      hint: "List the sessions there are (Agent.sessions) and use one of their ids.",
    });
  }
}

/** A session was asked to resume but has nothing left to do and no follow-up message was given. */
export class NothingToResumeError extends ArtError {
  constructor(sessionId: string) {
    super(
      "session.nothing_to_resume",
      `Session ${sessionId} finished its last turn; there is nothing to resume.`,
      {
        hint: "Resume it with a follow-up message, which starts a new turn.",
      },
    );
  }
}

/** The same session is already running in this process. */
export class SessionRunningError extends ArtError {
  constructor(sessionId: string) {
    super("session.running", `Session ${sessionId} is already running in this agent.`, {
      hint: "Wait for its result, or abort it, before resuming it again.",
    });
  }
}
