import type { StoredEvent } from "../../core/index.js";
import type { AuditRecord } from "./record.js";

/** A call the journal says went through the security gate but the audit log does not know. */
export interface UnauditedCall {
  callId: string;
  tool: string;
  /** The journal seq of its `tool.result`. */
  journalSeq: number;
}

/** Result errors of calls that never reached the gate (the tool did not exist, or its arguments were invalid). */
const BEFORE_THE_GATE = new Set(["tool.unknown", "tool.invalid_arguments"]);

/**
 * The calls of one session that the journal shows were judged (a `tool.result` that is neither interrupted nor a
 * failure before the gate) but that have no `tool.called` or no `policy.decided` audit record. The gate writes both
 * before a call can run, so any such call means records are missing: deleted, or never written.
 */
export function unauditedCalls(events: StoredEvent[], records: AuditRecord[]): UnauditedCall[] {
  const called = new Set(
    records.filter((record) => record.type === "tool.called").map((record) => record.callId),
  );
  const decided = new Set(
    records.filter((record) => record.type === "policy.decided").map((record) => record.callId),
  );
  const missing: UnauditedCall[] = [];
  for (const stored of events) {
    const event = stored.event;
    if (event.type !== "tool.result" || event.interrupted) continue;
    if (event.error && BEFORE_THE_GATE.has(event.error.code)) continue;
    if (called.has(event.callId) && decided.has(event.callId)) continue;
    missing.push({ callId: event.callId, tool: event.name, journalSeq: stored.seq });
  }
  return missing;
}
