import { z } from "zod";
import { ErrorInfo } from "./error-info.js";
import { AgentEvent } from "./events.js";
import { Usage } from "./usage.js";

/**
 * The fields every `--json` event line carries besides the event's own: the same names (camelCase) as the
 * library's `StoredEvent`, flattened beside the event's fields.
 */
export const JsonLineEnvelope = z.object({
  /** The session the event belongs to. */
  sessionId: z.string(),
  /** 1-based, gap-free position within the session's journal. */
  seq: z.number().int().positive(),
  /** Milliseconds since the epoch when it was journaled. */
  time: z.number(),
  /** Event schema version the event was stored with. */
  v: z.number().int().positive(),
  /** The turn the event belongs to; set on every event inside a turn (absent on session-level events). */
  turnId: z.string().optional(),
  /**
   * The agent the session runs as at this event: its definition's name, the new one from an `agent.handoff` on
   * (`agent` for sessions from before definitions were journaled).
   */
  agent: z.string(),
});

/** The last line of `art exec --json` and `art resume --json`: how the run ended. Not journaled. */
export const ResultLine = z.object({
  type: z.literal("result"),
  sessionId: z.string(),
  /** `completed`, `failed`, `interrupted`, or `awaiting-approval` (the turn is suspended on an approval). */
  status: z.enum(["completed", "failed", "interrupted", "awaiting-approval"]),
  /** The assistant's last message ("" when there is none). */
  finalMessage: z.string(),
  /** With `--output-schema`: the final message parsed as JSON (it was valid against the schema). */
  output: z.unknown().optional(),
  /** Tokens used by this run's turns. */
  usage: Usage,
  /** Wall-clock milliseconds of the run. */
  durationMs: z.number().nonnegative(),
  /** Why the run failed (or the final message did not match `--output-schema`). */
  error: ErrorInfo.optional(),
  /** Why the run was interrupted (Ctrl-C, SIGTERM, SIGHUP, stdout closed). */
  reason: z.string().optional(),
});
export type ResultLine = z.infer<typeof ResultLine>;

/** One line of `--json` output: a journaled event with its envelope, or the final `result`. */
export const JsonLine = z.union([z.intersection(AgentEvent, JsonLineEnvelope), ResultLine]);
export type JsonLine = z.infer<typeof JsonLine>;

/** The JSON Schema of one `--json` line, generated from the zod vocabulary (committed as docs/json-output.schema.json). */
export function jsonLineSchema(): Record<string, unknown> {
  return z.toJSONSchema(JsonLine, { target: "draft-2020-12", io: "output" }) as Record<string, unknown>;
}
