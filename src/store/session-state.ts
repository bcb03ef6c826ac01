import { type AgentEvent, EVENT_SCHEMA_VERSION, InvalidInputError, type StoredEvent } from "../core/index.js";
import { SessionNotFoundError } from "./errors/session-not-found-error.js";
import { type EncodedEvent, type EventRecord, encodeEvent } from "./event-codec.js";
import type { SessionSummary } from "./journal.js";
import { foldSummary } from "./session-summary.js";

/** What a journal tracks, in memory, for a session it appends to. */
export interface SessionState {
  readonly id: string;
  /** The highest seq assigned (stored or pending). */
  lastSeq: number;
  /** Undefined until `session.started` has been appended. */
  summary: SessionSummary | undefined;
}

/**
 * Appends events to a session's state and to `records`: validates and serialises every event first (so a bad event
 * leaves nothing half-appended), then assigns gap-free seqs and folds the summary. The stored events returned carry
 * the validated objects, which are what readers decode. The first event of a session must
 * be `session.started`, and only the first.
 */
export function appendToState(
  state: SessionState,
  events: readonly AgentEvent[],
  time: number,
  records: EventRecord[],
): StoredEvent[] {
  const count = events.length;
  if (count === 1) return appendOne(state, events[0]!, time, records);
  const encoded = new Array<EncodedEvent>(count);
  for (let i = 0; i < count; i++) {
    const item = encodeEvent(state.id, events[i]!);
    encoded[i] = item;
    if (item.event.type === "session.started" && (i > 0 || state.summary !== undefined)) {
      throw new InvalidInputError(
        `Session ${state.id} has already started; session.started must be its first event.`,
      );
    }
  }
  if (state.summary === undefined && encoded[0]!.event.type !== "session.started") {
    throw new SessionNotFoundError(state.id);
  }
  const stored = new Array<StoredEvent>(count);
  const sessionId = state.id;
  let seq = state.lastSeq;
  for (let i = 0; i < count; i++) {
    const { event, payload } = encoded[i]!;
    const type = event.type;
    seq++;
    records.push({ seq, type, payload, time, v: EVENT_SCHEMA_VERSION });
    stored[i] = { sessionId, seq, time, v: EVENT_SCHEMA_VERSION, event };
    if (type !== "message.delta" && type !== "reasoning.delta" && type !== "exec.output") {
      state.summary = foldSummary(state.summary, sessionId, event, time);
    }
  }
  state.lastSeq = seq;
  state.summary!.updatedAt = time;
  return stored;
}

/** The common case of {@link appendToState} (one streamed event per call), without the staging array. */
function appendOne(
  state: SessionState,
  given: AgentEvent,
  time: number,
  records: EventRecord[],
): StoredEvent[] {
  const { event, payload } = encodeEvent(state.id, given);
  const type = event.type;
  if (state.summary === undefined) {
    if (type !== "session.started") throw new SessionNotFoundError(state.id);
  } else if (type === "session.started") {
    throw new InvalidInputError(
      `Session ${state.id} has already started; session.started must be its first event.`,
    );
  }
  const seq = ++state.lastSeq;
  records.push({ seq, type, payload, time, v: EVENT_SCHEMA_VERSION });
  if (type !== "message.delta" && type !== "reasoning.delta" && type !== "exec.output") {
    state.summary = foldSummary(state.summary, state.id, event, time);
  }
  state.summary!.updatedAt = time;
  return [{ sessionId: state.id, seq, time, v: EVENT_SCHEMA_VERSION, event }];
}
