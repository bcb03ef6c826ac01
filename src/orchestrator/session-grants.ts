import type { SessionGrant } from "../core/index.js";
import type { PolicyCall, PolicyDecision, PolicyRule, SecurityPolicy } from "../security/index.js";

const JUSTIFICATION = "approved by the user for this session";

/**
 * Whether `summary` was cut (describe-call cuts summaries longer than 500 characters and ends them with "…"). A cut
 * summary names every call that starts the same way, so it can never stand for an exact repeat. A call whose own
 * text ends with "…" past 500 characters is caught too: it simply asks again (fail closed).
 */
function isCut(summary: string): boolean {
  return summary.length > 500 && summary.endsWith("…");
}

/**
 * What an "approve for the session" (or "always") answer to `calls` would grant: the policy's own rules for letting
 * them through next time, and an exact repeat of the call as summarised. Journaled with the request
 * (`approval.requested.grants`) and granted by the answer; nothing else remembers it.
 */
export function grantsFor(
  policy: SecurityPolicy,
  calls: PolicyCall[],
  decision: PolicyDecision,
  tool: string,
  summary: string,
): SessionGrant[] {
  const grants: SessionGrant[] = [];
  for (const call of calls) {
    for (const rule of policy.rulesForApproval(call, decision)) {
      if (rule.kind === "prefix")
        grants.push({ kind: "prefix", pattern: rule.pattern, exact: rule.exact ?? false });
      else if (rule.kind === "path") grants.push({ kind: "path", glob: rule.glob, access: rule.access });
      else grants.push({ kind: "tool", tool: rule.tool });
    }
  }
  if (!isCut(summary)) grants.push({ kind: "repeat", tool, summary });
  return grants;
}

/** The session's grants as the policy rules it evaluates (`PolicyContext.sessionRules`). */
export function grantedRules(grants: readonly SessionGrant[]): PolicyRule[] {
  const source = { format: "session" } as const;
  const base = { decision: "allow", justification: JUSTIFICATION, source } as const;
  return grants.flatMap((grant): PolicyRule[] => {
    switch (grant.kind) {
      case "prefix":
        return [{ kind: "prefix", pattern: grant.pattern, exact: grant.exact, ...base }];
      case "path":
        return [{ kind: "path", glob: grant.glob, access: grant.access, ...base }];
      case "tool":
        return [{ kind: "tool", tool: grant.tool, ...base }];
      default:
        // `repeat` grants are not rules: see grantedRepeats.
        return [];
    }
  });
}

/** Summaries of `tool`'s calls approved as exact repeats (for a shell call: the command lines). */
export function grantedRepeats(grants: readonly SessionGrant[], tool: string): Set<string> {
  const repeats = new Set<string>();
  for (const grant of grants) {
    // Repeats of cut summaries already journaled (by builds before this check) are ignored, not honoured.
    if (grant.kind === "repeat" && grant.tool === tool && !isCut(grant.summary)) repeats.add(grant.summary);
  }
  return repeats;
}
