import { type AgentEvent, EVENT_SCHEMA_VERSION, eventSchemaFor, type StoredEvent } from "../core/index.js";
import { CorruptEventError } from "./errors/corrupt-event-error.js";
import { InvalidEventError } from "./errors/invalid-event-error.js";
import { StoreNewerSchemaError } from "./errors/store-newer-schema-error.js";
import { checkStreamEvent, encodeStreamEvent } from "./stream-event-codec.js";
import { upgradeEvent } from "./upgrades/index.js";

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

/** An event accepted for appending: the validated object (what readers get back) and its JSON. */
export interface EncodedEvent {
  event: AgentEvent;
  payload: string;
}

/**
 * Validates an event against its type's schema and serialises the validated object. Validation runs at append time
 * so a malformed event is refused at the call site (`store.invalid_event`, naming the type and the field) instead
 * of bricking every later read; the validated object (unknown fields stripped, defaults applied) is what the
 * caller, subscribers and readers all get, so what is seen live is exactly what is stored.
 */
export function encodeEvent(sessionId: string, event: AgentEvent): EncodedEvent {
  const streamed = encodeStreamEvent(event);
  if (streamed !== undefined) return streamed;
  const type = (event as { type?: unknown } | null)?.type;
  const schema = eventSchemaFor(type);
  const typeName = typeof type === "string" ? type : (JSON.stringify(type) ?? "undefined");
  if (!schema) {
    throw new InvalidEventError(sessionId, typeName, "type", "is not an event type this build knows");
  }
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidEventError(
      sessionId,
      typeName,
      issue?.path.join(".") ?? "",
      issue?.message ?? "does not match the event schema",
      parsed.error,
    );
  }
  try {
    return { event: parsed.data, payload: JSON.stringify(parsed.data) };
  } catch (error) {
    throw new InvalidEventError(
      sessionId,
      typeName,
      "",
      `cannot be serialised as JSON (${(error as Error).message})`,
      error,
    );
  }
}

/**
 * Turns a stored record back into a {@link StoredEvent}: an older schema version's payload is upgraded step by step
 * (`upgrades/`), then validated against the event schema (defaults applied); `v` stays the version it was written
 * with. Throws {@link CorruptEventError} naming the session and seq when the payload is not valid JSON or not a
 * valid event, and {@link StoreNewerSchemaError} when it was written by a newer build.
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
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new CorruptEventError(sessionId, seq, "its payload is not a JSON object");
  }
  if (v < EVENT_SCHEMA_VERSION) raw = upgradeEvent(raw as Record<string, unknown>, v);
  const streamed = checkStreamEvent(raw);
  if (streamed !== undefined && streamed.type === record.type) {
    return { sessionId, seq, time: record.time, v, event: streamed };
  }
  const type = (raw as { type?: unknown }).type;
  const schema = eventSchemaFor(type);
  if (!schema) {
    throw new CorruptEventError(
      sessionId,
      seq,
      `${JSON.stringify(type) ?? "undefined"} is not a known event type`,
    );
  }
  const parsed = schema.safeParse(raw);
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
