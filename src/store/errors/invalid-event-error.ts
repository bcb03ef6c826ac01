import { ArtError } from "../../core/index.js";

/**
 * An event was refused at append time because it does not match the event vocabulary; nothing of the append it
 * was part of is stored, so the session stays readable and resumable.
 */
export class InvalidEventError extends ArtError {
  /** The session appended to. */
  readonly sessionId: string;
  /** The event's `type` as given (not necessarily a known one). */
  readonly eventType: string;
  /** The dotted path of the bad field, empty when the event as a whole is wrong. */
  readonly field: string;
  /** What is wrong with it. */
  readonly detail: string;

  constructor(sessionId: string, eventType: string, field: string, detail: string, cause?: unknown) {
    const where = field ? ` field ${field}` : "";
    super(
      "store.invalid_event",
      `Cannot append a ${eventType} event to session ${sessionId}:${where} ${detail}. Nothing of this append was stored.`,
      {
        hint: "Fix the code that builds this event; an extension event must be ext.<name> with a JSON data payload.",
        cause,
      },
    );
    this.sessionId = sessionId;
    this.eventType = eventType;
    this.field = field;
    this.detail = detail;
  }
}
