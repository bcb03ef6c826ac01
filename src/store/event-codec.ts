import { AgentEvent, EVENT_SCHEMA_VERSION, InvalidInputError, type StoredEvent } from "../core/index.js";
import { CorruptEventError } from "./errors/corrupt-event-error.js";
import { StoreNewerSchemaError } from "./errors/store-newer-schema-error.js";

/** Every event `type` this build knows; appends are checked against it instead of the full schema. */
const KNOWN_TYPES: ReadonlySet<string> = new Set(AgentEvent.options.map((option) => option.shape.type.value));

/** An event as a journal keeps it: its payload serialised once, at append time. */
export interface EventRecord {
  /** 1-based, gap-free position within the session. */
  seq: number;
  /** The event's `type`, kept apart from the payload so it can be queried. */
  type: string;
  /** The whole event as JSON. */
  payload: string;
  /** Milliseconds since the epoch when it was appended. */
  time: number;
  /** Schema version of the payload. */
  v: number;
}

/**
 * Serialises an event for the journal. Only the `type` is checked here (a set lookup), not the whole schema, so
 * appending a delta costs a `JSON.stringify`; the full zod schema runs when events are read back
 * ({@link decodeEvent}). Serialising at append time means an event that cannot be stored (unknown type, cyclic,
 * BigInt) is refused at the call site instead of failing a background commit later.
 */
export function encodeEvent(sessionId: string, event: AgentEvent): string {
  const type = (event as { type?: unknown } | null)?.type;
  if (typeof type !== "string" || !KNOWN_TYPES.has(type)) {
    throw new InvalidInputError(
      `Cannot append to session ${sessionId}: ${JSON.stringify(type) ?? "undefined"} is not an event type this build knows.`,
    );
  }
  try {
    return JSON.stringify(event);
  } catch (error) {
    throw new InvalidInputError(
      `Cannot append a ${type} event to session ${sessionId}: it cannot be serialised as JSON (${(error as Error).message}).`,
      { cause: error },
    );
  }
}

/**
 * Turns a stored record back into a {@link StoredEvent}, validating it against the event schema (defaults applied).
 * Throws {@link CorruptEventError} naming the session and seq when the payload is not valid JSON or not a valid event,
 * and {@link StoreNewerSchemaError} when it was written by a newer build.
 */
export function decodeEvent(sessionId: string, record: EventRecord): StoredEvent {
  const { seq, v } = record;
  if (v > EVENT_SCHEMA_VERSION) {
    throw new StoreNewerSchemaError(`Event ${seq} of session ${sessionId}`, v, EVENT_SCHEMA_VERSION);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(record.payload);
  } catch (error) {
    throw new CorruptEventError(sessionId, seq, "its payload is not valid JSON", error);
  }
  const parsed = AgentEvent.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    throw new CorruptEventError(sessionId, seq, `${issue?.message ?? "invalid event"}${where}`, parsed.error);
  }
  if (parsed.data.type !== record.type) {
    throw new CorruptEventError(
      sessionId,
      seq,
      `its type column says ${record.type} but its payload is ${parsed.data.type}`,
    );
  }
  return { sessionId, seq, time: record.time, v, event: parsed.data };
}
