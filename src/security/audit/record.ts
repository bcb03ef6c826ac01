import { z } from "zod";

/** Version of the audit record format. */
export const AUDIT_FORMAT_VERSION = 1;

/** The `prev` of a session's first record. */
export const GENESIS_HASH = "0".repeat(64);

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const callId = z.string();

/** What an audit record says, without its chain fields. */
export const AuditEntry = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("audit.opened"),
    /** Process that opened the log. */
    pid: z.number().int(),
    /** Workspace of the session, when known. */
    cwd: z.string().optional(),
  }),
  z.object({
    type: z.literal("tool.called"),
    callId,
    tool: z.string(),
    /** One line: the command, the path, or the tool's arguments (redacted). */
    summary: z.string(),
  }),
  z.object({
    type: z.literal("policy.decided"),
    callId,
    decision: z.enum(["allow", "ask", "forbid"]),
    reason: z.string(),
    /** The rule that decided, e.g. `codex:/home/me/.art/rules/x.rules:3`. */
    rule: z.string().optional(),
  }),
  z.object({
    type: z.literal("approval.requested"),
    callId,
    approvalId: z.string(),
    reason: z.string(),
    rule: z.string().optional(),
  }),
  z.object({
    type: z.literal("approval.decided"),
    callId,
    approvalId: z.string(),
    decision: z.enum(["approve-once", "approve-session", "approve-always", "deny", "abort"]),
    /** Who answered: `user`, `handler`, `policy`, ... */
    by: z.string(),
  }),
  z.object({
    type: z.literal("sandbox.denied"),
    callId,
    /** Which layer blocked what. */
    detail: z.string(),
  }),
  z.object({
    type: z.literal("file.written"),
    callId: z.string().optional(),
    /** Workspace-relative or absolute path. */
    path: z.string(),
    /** SHA-256 of the content written; null when the file was deleted. */
    sha256: sha256.nullable(),
    bytes: z.number().int().nonnegative().optional(),
  }),
  z.object({
    type: z.literal("audit.closed"),
    reason: z.string().optional(),
  }),
]);
export type AuditEntry = z.infer<typeof AuditEntry>;

/** The chain fields every record carries. */
export const AuditChain = z.object({
  /** Format version. */
  v: z.literal(AUDIT_FORMAT_VERSION),
  /** 1-based, gap-free position in the session's log. */
  seq: z.number().int().positive(),
  /** Milliseconds since the epoch. */
  time: z.number(),
  /** The session the log belongs to. */
  session: z.string(),
  /** SHA-256 (hex) of the previous record's `hash`; {@link GENESIS_HASH} for the first. */
  prev: sha256,
  /** SHA-256 (hex) of this record's line up to, not including, `,"hash":...`. */
  hash: sha256,
});

/** One line of an audit log. */
export type AuditRecord = z.infer<typeof AuditChain> & AuditEntry;

/** A record before it is sealed: everything but its own `hash`. */
export type AuditRecordBody = AuditRecord extends infer R
  ? R extends unknown
    ? Omit<R, "hash">
    : never
  : never;

/** The head file kept beside each log: the last record's seq and hash, to notice a cut-off tail. */
export const AuditHead = z.object({
  v: z.literal(AUDIT_FORMAT_VERSION),
  session: z.string(),
  seq: z.number().int().nonnegative(),
  hash: sha256,
});
export type AuditHead = z.infer<typeof AuditHead>;
