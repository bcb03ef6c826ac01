import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { InvalidInputError } from "../../core/index.js";
import type { PolicyRule } from "../types.js";
import { entryFromRule, formatArtRule, parseArtRules } from "./art-toml.js";
import { projectRulesFile } from "./load-rules.js";
import { RULES_FORMAT_VERSION, RuleEntry } from "./schema.js";

const HEADER = `# Agent Runtime project rules (see docs/security.md). Schema: docs/rules.schema.json
version = ${RULES_FORMAT_VERSION}
`;

/**
 * Appends `rule` to the project rules file (`<project root>/.art/rules.toml`), creating it when missing. The
 * existing text, comments included, is kept byte for byte; the file must parse before and after. Returns the
 * file and the line of the new `[[rule]]`.
 */
export function saveProjectRule(
  cwd: string,
  rule: PolicyRule,
  options: { comment?: string } = {},
): { file: string; line: number } {
  const entry = RuleEntry.safeParse(entryFromRule(rule));
  if (!entry.success) throw new InvalidInputError(`Cannot save the rule: ${entry.error.issues[0]?.message}`);
  const file = projectRulesFile(cwd);
  // The saved rule must load back: a rule whose examples fail would make the whole file unusable.
  parseArtRules(`version = ${RULES_FORMAT_VERSION}\n${formatArtRule(rule)}`, file);
  mkdirSync(path.dirname(file), { recursive: true });
  let before = "";
  if (existsSync(file)) {
    before = readFileSync(file, "utf8");
    parseArtRules(before, file);
  } else {
    writeFileSync(file, HEADER, { flag: "wx" });
    before = HEADER;
  }
  const comment = (options.comment ?? `saved ${new Date().toISOString()}`).replace(/\n/g, " ");
  const block = `${before.endsWith("\n") || before === "" ? "" : "\n"}\n# ${comment}\n${formatArtRule(rule)}`;
  const line = before.split("\n").length + (before.endsWith("\n") ? 2 : 3);
  appendFileSync(file, block);
  return { file, line };
}
