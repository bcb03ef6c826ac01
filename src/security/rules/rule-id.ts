import type { PolicyRule } from "../types.js";

/** A rule's stable name for decisions and audit records: `<format>:<file>:<line>`, or `<format>` when in memory. */
export function ruleId(rule: PolicyRule): string {
  const { format, file, line } = rule.source;
  if (!file) return format;
  return line === undefined ? `${format}:${file}` : `${format}:${file}:${line}`;
}

/** A rule without where it came from, to compare rules across formats and files. */
export function ruleContent(rule: PolicyRule): Omit<PolicyRule, "source"> {
  const { source: _source, ...rest } = rule;
  return rest;
}
