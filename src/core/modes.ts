import { z } from "zod";

/**
 * How much a sandboxed command may change: nothing, the workspace (and the session's temp dir), or anything.
 * Defined once here; the journal's settings, `config.toml`, the CLI flags and the sandbox all take it from here.
 */
export const SandboxMode = z.enum(["read-only", "workspace-write", "full-access"]);
export type SandboxMode = z.infer<typeof SandboxMode>;

/** Network access for a sandboxed command. */
export const NetworkMode = z.enum(["none", "full"]);
export type NetworkMode = z.infer<typeof NetworkMode>;

/** When to ask a human before running a tool call (Codex's four policies, the same spelling). */
export const ApprovalMode = z.enum(["untrusted", "on-request", "on-failure", "never"]);
export type ApprovalMode = z.infer<typeof ApprovalMode>;
