/** What an approver is asked. */
export interface ApprovalRequest {
  sessionId: string;
  approvalId: string;
  tool: string;
  /** The command or change, in one line. */
  summary: string;
  reason: string;
  /** The rule that asked, when one did. */
  rule?: string;
  /** The working directory, the parsed parts of a command, whether it would leave the sandbox. */
  details: Record<string, unknown>;
}

/** An approver's answer: once, for the rest of the session, always (saved to the project's rules), no, or stop. */
export type ApprovalAnswer = "approve-once" | "approve-session" | "approve-always" | "deny" | "abort";

/** Answers approval requests (a TTY prompt, a web UI, a policy service). */
export type ApprovalHandler = (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalAnswer>;
