import { RuleFileError } from "../errors/rule-file-error.js";
import { shellSplit } from "../shell/shlex.js";
import type { PrefixRule, RuleExample } from "../types.js";
import { prefixMatches } from "./match.js";

/** The words of a rule example: lists as given, strings split like a shell would. */
export function exampleWords(example: RuleExample): string[] {
  return typeof example === "string" ? shellSplit(example) : example;
}

/**
 * Checks a prefix rule's `match` / `not_match` examples, as Codex does when a policy loads: every `match`
 * example must match the rule and no `not_match` example may. Throws a {@link RuleFileError} at `line`.
 */
export function checkExamples(rule: PrefixRule, file: string, line: number | undefined): void {
  const describe = (example: RuleExample) =>
    typeof example === "string" ? example : JSON.stringify(example);
  for (const example of rule.match ?? []) {
    let words: string[];
    try {
      words = exampleWords(example);
    } catch (error) {
      throw new RuleFileError(file, line, `match example ${describe(example)}: ${(error as Error).message}`);
    }
    if (!prefixMatches(rule, words)) {
      throw new RuleFileError(
        file,
        line,
        `the rule does not match its own match example ${describe(example)}`,
      );
    }
  }
  for (const example of rule.notMatch ?? []) {
    let words: string[];
    try {
      words = exampleWords(example);
    } catch (error) {
      throw new RuleFileError(
        file,
        line,
        `not_match example ${describe(example)}: ${(error as Error).message}`,
      );
    }
    if (prefixMatches(rule, words)) {
      throw new RuleFileError(file, line, `the rule matches its not_match example ${describe(example)}`);
    }
  }
}
