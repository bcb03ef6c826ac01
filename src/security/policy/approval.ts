import type { Verdict } from "../decision.js";
import type { ApprovalMode, Escalation } from "../types.js";

/** Rules that count as someone having said yes, as opposed to the sandboxed default. */
const EXPLICIT =
  /^(art|codex|claude|session|cli)(:|$)|^builtin:(safe-read-only|read|harmless-device|assignment|empty)$/;

/**
 * Applies the request to leave the sandbox: allowed only when every part was allowed explicitly (a rule or the
 * known-safe list), otherwise someone must approve it.
 */
export function applyEscalation(
  verdict: Verdict,
  partRules: (string | undefined)[],
  escalation: Escalation | undefined,
): Verdict {
  if (!escalation || verdict.decision !== "allow") return verdict;
  if (partRules.length > 0 && partRules.every((rule) => rule !== undefined && EXPLICIT.test(rule)))
    return verdict;
  const why = escalation.afterSandboxDenial
    ? "the sandbox blocked it; running it again without the sandbox needs approval"
    : `it asks to run outside the sandbox${escalation.justification ? ` (${escalation.justification})` : ""}, which needs approval`;
  return { decision: "ask", reason: `${verdict.reason}; ${why}`, rule: "builtin:escalation" };
}

/** Applies approval mode `never`: what would ask is refused, with a reason the model can act on. */
export function applyApprovalMode(verdict: Verdict, approval: ApprovalMode): Verdict {
  if (approval !== "never" || verdict.decision !== "ask") return verdict;
  return {
    decision: "forbid",
    reason: `${verdict.reason}. This needs approval, but the approval mode is "never": do it another way that needs none, or stop and tell the user what you need`,
    ...(verdict.rule ? { rule: verdict.rule } : {}),
  };
}
