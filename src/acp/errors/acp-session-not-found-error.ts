import { ArtError } from "../../core/index.js";

/** An ACP request named a session this agent neither has open nor finds in the journal. */
export class AcpSessionNotFoundError extends ArtError {
  readonly sessionId: string;
  constructor(sessionId: string, loadable: boolean) {
    super("acp.session_not_found", `No session "${sessionId}" is open in this agent.`, {
      hint: loadable
        ? "Load it first (session/load or session/resume), or start one with session/new."
        : "Start one with session/new, or list the saved ones with session/list.",
    });
    this.sessionId = sessionId;
  }
}
