import type { ApprovalAnswer, ApprovalRequest } from "../orchestrator/index.js";
import type { PermissionOption, RequestPermissionRequest, RequestPermissionResponse } from "./acp-types.js";
import { toolKindOf } from "./tool-kind.js";

/**
 * The choices an editor offers for one of our approvals. "Always" is our approve-always: the call runs and the
 * rule that lets such calls through is saved to the project's `.art/rules.toml`, as the terminal's `[a]` does.
 */
export const PERMISSION_OPTIONS: readonly PermissionOption[] = [
  { optionId: "approve-once", name: "Allow once", kind: "allow_once" },
  { optionId: "approve-always", name: "Always allow (saves a project rule)", kind: "allow_always" },
  { optionId: "deny", name: "Reject", kind: "reject_once" },
];

/** The `session/request_permission` params for `request`, about the tool call `callId` the editor already shows. */
export function permissionRequestOf(request: ApprovalRequest, callId: string): RequestPermissionRequest {
  const lines = [request.summary, `because ${request.reason}${request.rule ? ` [${request.rule}]` : ""}`];
  if (request.details.unsandboxed === true) lines.push("OUTSIDE the sandbox");
  return {
    sessionId: request.sessionId,
    toolCall: {
      toolCallId: callId,
      title: request.summary,
      kind: toolKindOf(request.tool),
      status: "pending",
      content: [{ type: "content", content: { type: "text", text: lines.join("\n") } }],
    },
    options: [...PERMISSION_OPTIONS],
  };
}

/**
 * Our answer to the editor's: a selected option by its id; `cancelled` (the editor cancelled the turn) stops it.
 * An option id we never offered is a denial, never a yes.
 */
export function approvalAnswerOf(response: RequestPermissionResponse): ApprovalAnswer {
  const { outcome } = response;
  if (outcome.outcome === "cancelled") return "abort";
  switch (outcome.optionId) {
    case "approve-once":
      return "approve-once";
    case "approve-always":
      return "approve-always";
    default:
      return "deny";
  }
}
