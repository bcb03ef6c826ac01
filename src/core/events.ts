import { z } from "zod";
import { AgentDefinitionBase } from "./agent-definition-base.js";
import { AgentDefinitionRecord } from "./agent-definition-record.js";
import { ErrorInfo } from "./error-info.js";
import { ConversationItem } from "./items.js";
import { ApprovalMode, NetworkMode, SandboxMode } from "./modes.js";
import { ToolContentPart } from "./tool-content.js";
import { Usage } from "./usage.js";

/**
 * Version of the event vocabulary. Every stored event carries it; a reader meeting a newer version refuses it
 * rather than misread it. Bump it (and add a migration under `src/store/migrations/`) when a shape changes.
 */
export const EVENT_SCHEMA_VERSION = 3;

/**
 * A rule file as the session read it. The text itself is journaled, so a resume or fork applies exactly the rules
 * the session started with, whatever the file says by then (or whether it still exists).
 */
export const RuleFileSnapshot = z.object({
  /** Absolute path the rules were read from; its extension names the format (`.toml`, `.rules`, `.json`). */
  path: z.string(),
  /** `user` (`$ART_HOME`), `project` (`<repo>/.art/rules.toml`) or `extra` (`--rules`, config's `rules`). */
  layer: z.enum(["user", "project", "extra"]),
  /** SHA-256 of `content`, hex. */
  sha256: z.string(),
  /** The file's whole text. */
  content: z.string(),
  /**
   * False when the file belongs to a project the user had not trusted when the session started (its own
   * `.art/rules.toml`, or a named rule file inside it): its `allow` rules are ignored, its `ask`/`forbid` apply.
   * Absent (older sessions, trusted files): every rule applies.
   */
  allow: z.boolean().optional(),
});
export type RuleFileSnapshot = z.infer<typeof RuleFileSnapshot>;

/** The environment commands see, beyond the safe defaults. */
export const ChildEnvSettings = z.object({
  /** Names (with `*` wildcards) of the runtime's variables commands may see. */
  allow: z.array(z.string()).default([]),
  /** Variables set for every command. Journaled as given, so keep secrets out of `env_set`. */
  set: z.record(z.string(), z.string()).default({}),
});
export type ChildEnvSettings = z.infer<typeof ChildEnvSettings>;

/**
 * Everything that governs a session, journaled at its start (`session.started`) and at every change
 * (`settings.changed`), so resume and fork run under exactly these and never under whatever the resuming process
 * has. The fields marked "v2" are absent in sessions started by builds before event schema 2; for those the
 * process running the session decides, as it did then.
 */
export const SessionSettings = z.object({
  /** Model spec, e.g. `openai:gpt-5` or `scripted:/path/to/script.json`. */
  model: z.string(),
  /** Base URL for providers that take one. */
  baseUrl: z.string().optional(),
  /** Sandbox mode for commands. */
  sandbox: SandboxMode.default("workspace-write"),
  /** Network access for sandboxed commands. */
  network: NetworkMode.default("none"),
  /** When to ask before running a tool call. */
  approval: ApprovalMode.default("on-request"),
  /** Extra writable directories besides the workspace. */
  writableRoots: z.array(z.string()).default([]),
  /** v2: snapshot the workspace at every turn. */
  checkpoints: z.boolean().optional(),
  /** v2: every exec-policy rule file, in the order they apply (user, project, extra). */
  rules: z.array(RuleFileSnapshot).optional(),
  /** v2: the child environment's allow-list and set variables. */
  childEnv: ChildEnvSettings.optional(),
  /** v2: extra system instructions ("" for none). */
  instructions: z.string().optional(),
});
export type SessionSettings = z.infer<typeof SessionSettings>;

/**
 * What "approve for this session" lets through from then on, journaled with the answer (`approval.decided`), so
 * the session remembers it the same way live and after a restart: an exact command line (`prefix`, `exact`), a
 * path (`path`), every call of a tool (`tool`), or an exact repeat of the call as summarised (`repeat`: built-in
 * floors such as `rm -rf` ask even when a rule allows, but an approved exact repeat does not).
 */
export const SessionGrant = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("prefix"),
    /** argv words; a list is a set of alternatives for one position. */
    pattern: z.array(z.union([z.string(), z.array(z.string())])),
    exact: z.boolean(),
  }),
  z.object({ kind: z.literal("path"), glob: z.string(), access: z.enum(["read", "write"]) }),
  z.object({ kind: z.literal("tool"), tool: z.string() }),
  z.object({ kind: z.literal("repeat"), tool: z.string(), summary: z.string() }),
]);
export type SessionGrant = z.infer<typeof SessionGrant>;

const turnId = z.string();
const callId = z.string();
/**
 * The turn of an event that belongs to a tool call. Always set since event schema 2; events stored by earlier
 * builds may lack it (`--json` output fills it in from the surrounding turn).
 */
const callTurnId = z.string().optional();

/** Every event of the core vocabulary. `type` is `noun.verb` in the past tense, or `noun.delta` for stream pieces. */
export const CoreEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("session.started"),
    /** The workspace: commands run and file paths resolve here. */
    cwd: z.string(),
    settings: SessionSettings,
    /** Set when this session was forked from another. */
    forkedFrom: z.object({ sessionId: z.string(), turn: z.number().int().nonnegative() }).optional(),
    /** Set when a `spawn_agent` call of another session started this one: that session, the call and the agent. */
    parent: z.object({ sessionId: z.string(), callId: z.string(), agent: z.string() }).optional(),
    /** v3: the effective agent definition (prompt, tools, limits). Absent in sessions from earlier builds. */
    definition: AgentDefinitionRecord.optional(),
  }),
  z.object({
    type: z.literal("definition.changed"),
    /** v3: the whole definition from now on (not a diff). */
    definition: AgentDefinitionRecord,
    /** What changed, e.g. `["systemPrompt", "tools.read_file"]`; `["definition"]` when none was journaled before. */
    changed: z.array(z.string()),
    /** Who changed it: `resume` (a resume that adopted its definition). */
    by: z.string(),
  }),
  z.object({
    /**
     * The session was handed to another agent by its `transfer_to_<name>` call: from the next step on it runs under
     * that agent's definition and settings, with the conversation as `items` says (or as it was). Journaled with
     * the call's result, in one append, so a crash leaves either both or the call still to run.
     */
    type: z.literal("agent.handoff"),
    /** `HANDOFF_RECORD_VERSION` of the build that wrote it. */
    version: z.number().int().positive(),
    turnId,
    /** The transfer call. */
    callId,
    /** The agent that handed the session on. */
    from: z.string(),
    /** The agent that has it now. */
    to: z.string(),
    /** Why, as the model said in the call's `reason`. */
    reason: z.string().optional(),
    /** The new agent's definition (its team is the session's, kept by the fold). */
    definition: AgentDefinitionBase,
    /** The session's settings from now on: the new agent's model, and permissions narrowed by it. */
    settings: SessionSettings,
    /** The conversation the new agent sees from now on, when its input filter reshaped it; absent: all of it. */
    items: z.array(ConversationItem).optional(),
  }),
  z.object({
    type: z.literal("settings.changed"),
    /** The whole settings from now on (not a diff), so the fold just takes them. */
    settings: SessionSettings,
    /** Names of the fields that changed, e.g. `["model", "rules"]`. */
    changed: z.array(z.string()),
    /** Who changed them: `resume` (flags of `art resume`, or the library's `resume`). */
    by: z.string(),
  }),
  z.object({
    type: z.literal("turn.started"),
    turnId,
    /** 0-based index of the turn within the session. */
    turn: z.number().int().nonnegative(),
    /** The user's message that starts the turn. */
    input: z.string(),
  }),
  z.object({
    type: z.literal("step.started"),
    turnId,
    /** 0-based sampling step within the turn. */
    step: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal("message.delta"), turnId, delta: z.string() }),
  z.object({ type: z.literal("reasoning.delta"), turnId, delta: z.string() }),
  /** The assistant's whole message of one step, once it has streamed (the deltas joined). */
  z.object({ type: z.literal("message.completed"), turnId, text: z.string() }),
  z.object({
    type: z.literal("step.completed"),
    turnId,
    step: z.number().int().nonnegative(),
    /** The assistant's whole text for this step (the deltas joined). */
    text: z.string(),
    /** The reasoning text for this step, when the model exposed it. */
    reasoning: z.string().optional(),
    /** Why the model stopped: `stop`, `tool-calls`, `length`, ... */
    finishReason: z.string(),
    usage: Usage,
  }),
  z.object({
    type: z.literal("tool.call"),
    turnId,
    callId,
    name: z.string(),
    /** Arguments as the model sent them (parsed JSON, or the raw string when it was not JSON). */
    arguments: z.unknown(),
  }),
  z.object({
    /**
     * A call is about to run, durable before it does: journaled for a call whose approval was answered while the
     * session was suspended, so a crash while it runs makes it an interrupted call, never one run twice.
     */
    type: z.literal("tool.started"),
    turnId,
    callId,
  }),
  z.object({
    type: z.literal("tool.result"),
    turnId,
    callId,
    name: z.string(),
    /** False when the tool failed; the output then explains why. */
    ok: z.boolean(),
    /** Full output, up to the journal's cap. */
    output: z.string(),
    /** True when `output` was cut at the journal's cap. */
    truncated: z.boolean().default(false),
    /** Set when the tool failed with a typed error. */
    error: ErrorInfo.optional(),
    /** True when the call was running when the process died and was never finished. */
    interrupted: z.boolean().default(false),
    /**
     * The result's parts when it carried more than text (JSON values, images); `output` then holds their text
     * rendering, so readers that know only `output` still read something true. Absent for text-only results and in
     * events stored before tool results could carry parts. Text parts are cut at the journal's cap like `output`;
     * images are kept whole.
     */
    content: z.array(ToolContentPart).optional(),
    /**
     * Deferred tools this result lists to the model from the next step on (the MCP tool search's matches). The
     * session's listed set is folded from these, so a resumed session lists the same tools.
     */
    revealed: z.array(z.string()).optional(),
  }),
  z.object({
    type: z.literal("progress.reported"),
    turnId: callTurnId,
    callId,
    /** What the tool is doing, for people following the session. */
    message: z.string().optional(),
    /** Structured progress (a JSON value), for programs following the session. */
    data: z.json().optional(),
  }),
  z.object({
    type: z.literal("exec.begin"),
    turnId: callTurnId,
    callId,
    command: z.string(),
    cwd: z.string(),
    /** Sandbox mode the command runs under. */
    sandbox: z.string().optional(),
  }),
  z.object({
    type: z.literal("exec.output"),
    turnId: callTurnId,
    callId,
    stream: z.enum(["stdout", "stderr"]),
    chunk: z.string(),
  }),
  z.object({
    type: z.literal("exec.end"),
    turnId: callTurnId,
    callId,
    /** Exit code, or null when killed by a signal. */
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    durationMs: z.number().nonnegative(),
    timedOut: z.boolean().default(false),
    /** Set when the sandbox is the likely reason the command failed. */
    sandboxDenied: z.string().optional(),
  }),
  z.object({
    type: z.literal("plan.updated"),
    turnId,
    explanation: z.string().optional(),
    plan: z.array(z.object({ step: z.string(), status: z.enum(["pending", "in_progress", "completed"]) })),
  }),
  z.object({
    type: z.literal("patch.applied"),
    turnId: callTurnId,
    callId,
    files: z.array(
      z.object({
        path: z.string(),
        kind: z.enum(["added", "modified", "deleted", "moved"]),
        /** Original path when `kind` is `moved`. */
        from: z.string().optional(),
        linesAdded: z.number().int().nonnegative(),
        linesRemoved: z.number().int().nonnegative(),
      }),
    ),
  }),
  z.object({
    type: z.literal("approval.requested"),
    turnId,
    callId,
    approvalId: z.string(),
    /** The tool asking. */
    tool: z.string(),
    /** One-line description of what would run or change, e.g. the command. */
    summary: z.string(),
    reason: z.string(),
    /** The rule that asked, when one did. */
    rule: z.string().optional(),
    /** Extra facts shown to the approver (cwd, parsed parts, ...). */
    details: z.record(z.string(), z.unknown()).default({}),
    /**
     * What approving for the session (or always) would let through for the rest of the session: shown to the
     * approver, and granted by an `approval.decided` that says so, whoever appends it (this process, or another
     * after a restart) — so the answer needs no policy to mean the same thing. Absent in events stored before it
     * existed; the fold then grants the exact call (`repeat`), as those builds did.
     */
    grants: z.array(SessionGrant).optional(),
  }),
  z.object({
    type: z.literal("approval.decided"),
    turnId: callTurnId,
    approvalId: z.string(),
    callId,
    decision: z.enum(["approve-once", "approve-session", "approve-always", "deny", "abort"]),
    /** Who answered: `user`, `handler`, `policy` (no TTY), ... */
    by: z.string(),
  }),
  z.object({
    type: z.literal("checkpoint.created"),
    turnId: z.string().optional(),
    checkpointId: z.string(),
    /** When in the turn it was taken. */
    phase: z.enum(["turn-start", "turn-end", "before-restore"]),
    /** Paths skipped (over the size cap, ...), with why. */
    skipped: z.array(z.object({ path: z.string(), reason: z.string() })).default([]),
  }),
  z.object({
    type: z.literal("context.compacted"),
    turnId,
    summary: z.string(),
    /** Tokens in the context before compaction. */
    tokensBefore: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal("turn.completed"), turnId, usage: Usage }),
  z.object({ type: z.literal("turn.failed"), turnId, error: ErrorInfo }),
  z.object({ type: z.literal("turn.interrupted"), turnId, reason: z.string() }),
  z.object({
    type: z.literal("session.ended"),
    /**
     * How the run ended; `forked` closes a fork that was copied and has not run yet; `awaiting-approval`: the turn
     * is suspended on the approvals it journaled (`approval.requested`) and continues, in any process, once
     * `approval.decided` answers them.
     */
    reason: z.enum(["completed", "failed", "interrupted", "cancelled", "forked", "awaiting-approval"]),
  }),
  z.object({
    type: z.literal("error"),
    turnId: z.string().optional(),
    error: ErrorInfo,
    /** True when the runtime will retry by itself. */
    willRetry: z.boolean().default(false),
  }),
]);

/**
 * The `type` of an extension event: `ext.` and one or more dot-separated segments of lowercase letters, digits,
 * `_` and `-`, each starting with a letter (`ext.lint.report`). Plug-ins name their events after themselves.
 */
export const EXTENSION_EVENT_TYPE = /^ext(\.[a-z][a-z0-9_-]{0,63}){1,4}$/;

/**
 * A plug-in's own event: a namespaced `type` and any JSON value as `data`, journaled, read back and tailed like a
 * core event without `core` knowing its shape. The session's fold ignores it.
 */
export const ExtensionEvent = z.object({
  /** `ext.<name>`, see {@link EXTENSION_EVENT_TYPE}. */
  type: z
    .string()
    .regex(
      EXTENSION_EVENT_TYPE,
      "an extension event type is ext.<name>, e.g. ext.lint.report",
    ) as unknown as z.ZodType<`ext.${string}`>,
  /** The turn it belongs to, when it belongs to one. */
  turnId: z.string().optional(),
  /** The plug-in's payload: any JSON value. */
  data: z.json(),
});
export type ExtensionEvent = z.infer<typeof ExtensionEvent>;

/** Every event a session can journal: the core vocabulary and extension events. */
export const AgentEvent = z.union([CoreEvent, ExtensionEvent]);
export type AgentEvent = z.infer<typeof AgentEvent>;

const CORE_EVENT_SCHEMAS: ReadonlyMap<string, z.ZodType> = new Map(
  CoreEvent.options.map((option) => [option.shape.type.value, option]),
);

/**
 * The schema that validates events of `type`: the core event's, {@link ExtensionEvent} for an `ext.` type, or
 * undefined for a type nobody knows. Validating against the one schema (rather than the whole union) keeps the
 * error about the event's own fields.
 */
export function eventSchemaFor(type: unknown): z.ZodType<AgentEvent> | undefined {
  if (typeof type !== "string") return undefined;
  const core = CORE_EVENT_SCHEMAS.get(type);
  if (core) return core as z.ZodType<AgentEvent>;
  return type.startsWith("ext.") ? (ExtensionEvent as z.ZodType<AgentEvent>) : undefined;
}
/** The `type` of every event. */
export type AgentEventType = AgentEvent["type"];
/** The event of one `type`. */
export type EventOf<T extends AgentEventType> = Extract<AgentEvent, { type: T }>;

/** An event as the journal holds it. */
export const StoredEvent = z.object({
  sessionId: z.string(),
  /** 1-based, gap-free position within the session. */
  seq: z.number().int().positive(),
  /** Milliseconds since the epoch when it was appended. */
  time: z.number(),
  /** Schema version of `event`. */
  v: z.number().int().positive(),
  event: AgentEvent,
});
export type StoredEvent = z.infer<typeof StoredEvent>;
