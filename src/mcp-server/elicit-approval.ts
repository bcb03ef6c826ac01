import type { ApprovalAnswer, ApprovalHandler, ApprovalRequest } from "../orchestrator/index.js";

/** What the approval handler needs of the MCP connection the session was started or continued through. */
export interface ElicitChannel {
  /** Whether the client declared the `elicitation` capability (form mode) at initialize. */
  canElicit(): boolean;
  /** Sends `elicitation/create`; resolves with the client's answer. */
  elicit(
    params: { message: string; requestedSchema: ElicitSchema },
    signal: AbortSignal,
  ): Promise<{ action: "accept" | "decline" | "cancel"; content?: Record<string, unknown> }>;
}

/** The flat JSON Schema elicitation allows: top-level primitive properties only. */
export interface ElicitSchema {
  type: "object";
  properties: Record<string, { type: "string"; enum: string[]; description?: string }>;
  required: string[];
}

/** An approval answered `deny` without asking anyone, and why; reported by the status tool. */
export interface DeniedApproval {
  approvalId: string;
  tool: string;
  summary: string;
  reason: string;
}

const DECISIONS: readonly ApprovalAnswer[] = [
  "approve-once",
  "approve-session",
  "approve-always",
  "deny",
  "abort",
];

/** The reason given when a client cannot be asked; also what the status tool reports. */
export const NO_ELICITATION_REASON =
  "denied: the MCP client did not declare the elicitation capability, so nobody could be asked";

/** The question as the client's user sees it. */
export function approvalMessage(request: ApprovalRequest): string {
  const lines = [`Approval needed in session ${request.sessionId} — ${request.tool}: ${request.summary}`];
  if (typeof request.details.cwd === "string") lines.push(`in ${request.details.cwd}`);
  if (request.details.unsandboxed === true) lines.push("OUTSIDE the sandbox");
  lines.push(`because ${request.reason}${request.rule ? ` [${request.rule}]` : ""}`);
  return lines.join("\n");
}

export const APPROVAL_SCHEMA: ElicitSchema = {
  type: "object",
  properties: {
    decision: {
      type: "string",
      enum: [...DECISIONS],
      description:
        "approve-once; approve-session (for the rest of the session); approve-always (saves a project rule); deny; abort (deny and stop the turn)",
    },
  },
  required: ["decision"],
};

/**
 * Answers a session's approvals through MCP elicitation when the client declared it; otherwise (and when the client
 * declines or cancels the form) denies — the model is told it was denied, and the denial without a question is
 * recorded in `denied` with its reason. An answer outside the offered decisions is a denial too: an approval never
 * defaults to yes.
 *
 * @example
 * const denied: DeniedApproval[] = [];
 * runtime.run(agent, task, { onApproval: elicitingApprover(channel, denied) });
 */
export function elicitingApprover(channel: ElicitChannel, denied: DeniedApproval[]): ApprovalHandler {
  return async (request, signal) => {
    if (!channel.canElicit()) {
      denied.push({
        approvalId: request.approvalId,
        tool: request.tool,
        summary: request.summary,
        reason: NO_ELICITATION_REASON,
      });
      return "deny";
    }
    let answer: Awaited<ReturnType<ElicitChannel["elicit"]>>;
    try {
      answer = await channel.elicit(
        { message: approvalMessage(request), requestedSchema: APPROVAL_SCHEMA },
        signal,
      );
    } catch (error) {
      if (signal.aborted) throw error;
      // A client that errs or times out on the form has not said yes.
      denied.push({
        approvalId: request.approvalId,
        tool: request.tool,
        summary: request.summary,
        reason: `denied: the MCP client did not answer the elicitation (${(error as Error).message})`,
      });
      return "deny";
    }
    const decision = answer.content?.decision;
    if (answer.action !== "accept" || typeof decision !== "string") return "deny";
    return (DECISIONS as readonly string[]).includes(decision) ? (decision as ApprovalAnswer) : "deny";
  };
}
