import { InvalidInputError } from "../core/index.js";
import type { SkippedPath } from "./capture.js";

/** When in a turn a checkpoint was taken. */
export type CheckpointPhase = "turn-start" | "turn-end" | "before-restore";

export const PHASES: readonly CheckpointPhase[] = ["turn-start", "turn-end", "before-restore"];

/** Version of the commit-message format below. */
export const RECORD_FORMAT = 1;

/** All checkpoint refs live below this prefix: `refs/art/sessions/<sessionId>/<turn>-<phase>[.<n>]`. */
export const REF_PREFIX = "refs/art/sessions/";

/** A checkpoint as listed from the shadow repository alone. */
export interface CheckpointInfo {
  /** The commit id; pass it to `diff` and `restore`. */
  checkpointId: string;
  sessionId: string;
  turn: number;
  phase: CheckpointPhase;
  /** Free text given to `snapshot`. */
  label?: string;
  /** ISO-8601 time of the snapshot. */
  createdAt: string;
  /** Paths that changed since the previous snapshot of the workspace. */
  changedFiles: number;
  /** How many paths were skipped (the first 100 are listed in the commit message). */
  skippedCount: number;
  /** The ref that keeps it. */
  ref: string;
}

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const OBJECT_ID = /^[0-9a-f]{4,64}$/;

/** Session ids become ref components, so they are held to a safe alphabet. */
export function checkSessionId(sessionId: string): string {
  if (typeof sessionId !== "string" || !SESSION_ID.test(sessionId)) {
    throw new InvalidInputError(
      `Session id ${JSON.stringify(sessionId)} cannot name checkpoints: use letters, digits, "-" and "_" (at most 128).`,
    );
  }
  return sessionId;
}

export function checkTurn(turn: number): number {
  if (!Number.isSafeInteger(turn) || turn < 0) {
    throw new InvalidInputError(`Turn ${turn} is not a non-negative integer.`);
  }
  return turn;
}

export function checkPhase(phase: string): CheckpointPhase {
  if (!PHASES.includes(phase as CheckpointPhase)) {
    throw new InvalidInputError(`Phase "${phase}" is not one of ${PHASES.join(", ")}.`);
  }
  return phase as CheckpointPhase;
}

/** True for something shaped like a (possibly abbreviated) object id; anything else never reaches git. */
export function isObjectId(value: string): boolean {
  return typeof value === "string" && OBJECT_ID.test(value);
}

/** The ref for a checkpoint; `attempt` > 1 disambiguates a second checkpoint of the same turn and phase. */
export function checkpointRef(sessionId: string, turn: number, phase: CheckpointPhase, attempt = 1): string {
  return `${REF_PREFIX}${sessionId}/${turn}-${phase}${attempt > 1 ? `.${attempt}` : ""}`;
}

/** The fields written into a checkpoint commit. */
export interface RecordFields {
  sessionId: string;
  turn: number;
  phase: CheckpointPhase;
  label?: string;
  createdAt: string;
  changedFiles: number;
  skipped: readonly SkippedPath[];
}

/**
 * The commit message: a readable subject, then git-trailer lines that `list` parses. Values that could hold
 * newlines (label, skipped paths) are JSON-encoded.
 */
export function formatMessage(fields: RecordFields): string {
  const lines = [
    `checkpoint ${fields.sessionId} turn ${fields.turn} ${fields.phase}`,
    "",
    `Art-Format: ${RECORD_FORMAT}`,
    `Art-Session: ${fields.sessionId}`,
    `Art-Turn: ${fields.turn}`,
    `Art-Phase: ${fields.phase}`,
    `Art-Time: ${fields.createdAt}`,
    `Art-Changed-Files: ${fields.changedFiles}`,
    `Art-Skipped: ${fields.skipped.length}`,
  ];
  if (fields.label !== undefined) lines.push(`Art-Label: ${JSON.stringify(fields.label)}`);
  for (const entry of fields.skipped.slice(0, 100)) lines.push(`Art-Skipped-Path: ${JSON.stringify(entry)}`);
  return `${lines.join("\n")}\n`;
}

/** Reads a checkpoint back from its ref, id and message; null for anything that is not one of ours. */
export function parseRecord(ref: string, checkpointId: string, message: string): CheckpointInfo | null {
  const trailers = new Map<string, string>();
  for (const line of message.split("\n")) {
    const match = /^(Art-[A-Za-z-]+): (.*)$/.exec(line);
    if (match?.[1] && match[2] !== undefined && !trailers.has(match[1])) trailers.set(match[1], match[2]);
  }
  const format = Number(trailers.get("Art-Format"));
  const sessionId = trailers.get("Art-Session");
  const phase = trailers.get("Art-Phase");
  const createdAt = trailers.get("Art-Time");
  if (
    format !== RECORD_FORMAT ||
    !sessionId ||
    !phase ||
    !PHASES.includes(phase as CheckpointPhase) ||
    !createdAt
  ) {
    return null;
  }
  let label: string | undefined;
  const rawLabel = trailers.get("Art-Label");
  if (rawLabel !== undefined) {
    try {
      label = String(JSON.parse(rawLabel));
    } catch {
      label = rawLabel;
    }
  }
  return {
    checkpointId,
    sessionId,
    turn: Number(trailers.get("Art-Turn") ?? 0),
    phase: phase as CheckpointPhase,
    ...(label !== undefined ? { label } : {}),
    createdAt,
    changedFiles: Number(trailers.get("Art-Changed-Files") ?? 0),
    skippedCount: Number(trailers.get("Art-Skipped") ?? 0),
    ref,
  };
}
