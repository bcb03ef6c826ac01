import { builtinPathVerdict, type PathFacts, pathFacts } from "../builtin/paths.js";
import { strictest, type Verdict } from "../decision.js";
import { pathMatches, toolMatches } from "../rules/match.js";
import { ruleId } from "../rules/rule-id.js";
import type { FileAccess, PolicyRule } from "../types.js";
import type { JudgeEnv } from "./judge-env.js";

function describeRule(rule: PolicyRule, what: string): string {
  return rule.justification ? `${what}: ${rule.justification}` : `${what} matches the rule`;
}

/** Verdicts of the rules that name this path. */
export function pathRuleVerdicts(
  facts: PathFacts,
  access: FileAccess,
  env: JudgeEnv,
  what: string,
): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const rule of env.rules) {
    if (rule.kind === "path" && pathMatches(rule, facts, access, env.home)) {
      verdicts.push({ decision: rule.decision, reason: describeRule(rule, what), rule: ruleId(rule) });
    }
  }
  return verdicts;
}

/**
 * Judges reading or writing one path: rules and the built-in protections first (strictest wins), then the
 * approval mode's default. `extra` verdicts (tool-name rules) join the rules.
 */
export function judgePath(
  facts: PathFacts,
  access: FileAccess,
  env: JudgeEnv,
  extra: Verdict[] = [],
): Verdict {
  const shown = facts.relative ?? facts.absolute;
  const what = `${access === "write" ? "writes" : "reads"} ${shown}`;
  const builtin = builtinPathVerdict(facts, access);
  const ruled = [...pathRuleVerdicts(facts, access, env, what), ...extra];
  const floor = strictest([...(builtin && builtin.decision !== "allow" ? [builtin] : []), ...ruled]);
  if (floor) return floor;
  if (builtin) return builtin;
  if (access === "read") {
    if (facts.relative === undefined && env.approval === "untrusted") {
      return {
        decision: "ask",
        reason: `${what}, outside the workspace (approval mode untrusted)`,
        rule: "builtin:untrusted-default",
      };
    }
    return { decision: "allow", reason: what, rule: "builtin:read" };
  }
  if (env.approval === "untrusted") {
    return {
      decision: "ask",
      reason: `${what} (approval mode untrusted asks before any write)`,
      rule: "builtin:untrusted-default",
    };
  }
  return { decision: "allow", reason: `${what}, inside the workspace`, rule: "builtin:workspace-write" };
}

/** Judges a file tool's call. */
export function judgeFileCall(given: string, access: FileAccess, env: JudgeEnv): Verdict {
  const facts = pathFacts(given, env.workspace, env.workspace, env.home);
  const kind = access === "read" ? "read" : "write";
  const extra = env.rules
    .filter((rule) => rule.kind === "tool" && toolMatches(rule, env.tool, kind))
    .map((rule) => ({
      decision: rule.decision,
      reason: describeRule(rule, `tool ${env.tool}`),
      rule: ruleId(rule),
    }));
  return judgePath(facts, access, env, extra);
}
