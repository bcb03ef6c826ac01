import { parse, stringify, TomlError } from "smol-toml";
import { RuleFileError } from "../errors/rule-file-error.js";
import type { PolicyRule, PrefixRule } from "../types.js";
import { checkExamples } from "./examples.js";
import { RULES_FORMAT_VERSION, type RuleEntry, RuleFile } from "./schema.js";

/** 1-based line of every `[[rule]]` header, in order. */
function ruleHeaderLines(text: string): number[] {
  const lines: number[] = [];
  text.split("\n").forEach((line, index) => {
    if (/^\s*\[\[\s*rule\s*\]\]/.test(line)) lines.push(index + 1);
  });
  return lines;
}

/** Converts one validated `[[rule]]` table to a policy rule. */
export function ruleFromEntry(entry: RuleEntry, source: PolicyRule["source"]): PolicyRule {
  const justification = entry.justification === undefined ? {} : { justification: entry.justification };
  if ("prefix" in entry) {
    const rule: PrefixRule = {
      kind: "prefix",
      pattern: entry.prefix,
      decision: entry.decision,
      ...justification,
      source,
    };
    if (entry.exact) rule.exact = true;
    if (entry.match) rule.match = entry.match;
    if (entry.not_match) rule.notMatch = entry.not_match;
    return rule;
  }
  if ("path" in entry)
    return {
      kind: "path",
      glob: entry.path,
      access: entry.access,
      decision: entry.decision,
      ...justification,
      source,
    };
  return { kind: "tool", tool: entry.tool, decision: entry.decision, ...justification, source };
}

/** Converts a policy rule back to a `[[rule]]` table. */
export function entryFromRule(rule: PolicyRule): RuleEntry {
  const justification = rule.justification === undefined ? {} : { justification: rule.justification };
  switch (rule.kind) {
    case "prefix":
      return {
        prefix: rule.pattern,
        ...(rule.exact ? { exact: true } : {}),
        decision: rule.decision,
        ...justification,
        ...(rule.match ? { match: rule.match } : {}),
        ...(rule.notMatch ? { not_match: rule.notMatch } : {}),
      };
    case "path":
      return { path: rule.glob, access: rule.access, decision: rule.decision, ...justification };
    case "tool":
      return { tool: rule.tool, decision: rule.decision, ...justification };
  }
}

/** Parses our TOML rule format. Every problem is a {@link RuleFileError} naming `file` and the line. */
export function parseArtRules(text: string, file: string): PolicyRule[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    if (error instanceof TomlError)
      throw new RuleFileError(
        file,
        error.line,
        `TOML syntax: ${error.message.split("\n")[0]?.replace(/^Invalid TOML document: /, "")}`,
        { column: error.column },
      );
    throw new RuleFileError(file, undefined, `cannot parse: ${(error as Error).message}`);
  }
  const headers = ruleHeaderLines(text);
  const result = RuleFile.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const index = issue.path[0] === "rule" && typeof issue.path[1] === "number" ? issue.path[1] : undefined;
    const line = index === undefined ? undefined : headers[index];
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    const problem =
      issue.path[0] === "version" || (issue.code === "invalid_type" && issue.path.length === 0)
        ? `version must be ${RULES_FORMAT_VERSION} (add "version = ${RULES_FORMAT_VERSION}" at the top)`
        : `${where}${issue.message}${index !== undefined && issue.code === "invalid_union" ? " (a rule needs exactly one of prefix, path or tool, with decision)" : ""}`;
    throw new RuleFileError(file, line, problem);
  }
  return result.data.rule.map((entry, index) => {
    const line = headers[index];
    const rule = ruleFromEntry(entry, { format: "art", file, ...(line === undefined ? {} : { line }) });
    if (rule.kind === "prefix") checkExamples(rule, file, line);
    return rule;
  });
}

/** Renders rules in our TOML format (one `[[rule]]` table each). */
export function formatArtRules(rules: PolicyRule[]): string {
  const header = `version = ${RULES_FORMAT_VERSION}\n`;
  return header + rules.map((rule) => `\n${formatArtRule(rule)}`).join("");
}

/** Renders one rule as a `[[rule]]` table. */
export function formatArtRule(rule: PolicyRule): string {
  return `[[rule]]\n${stringify(entryFromRule(rule))}\n`.replace(/\n+$/, "\n");
}
