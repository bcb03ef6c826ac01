import { RuleFileError } from "../errors/rule-file-error.js";
import type { Decision, PatternToken, PolicyRule, PrefixRule, RuleExample } from "../types.js";
import { checkExamples } from "./examples.js";

/**
 * Import and export of Codex `.rules` files: the Starlark subset Codex's execpolicy reads, i.e. a sequence of
 * `prefix_rule(pattern=[...], decision=..., justification=..., match=[...], not_match=[...])` calls whose
 * arguments are strings and (nested) lists. Anything else is refused with the file and line.
 */

type Token =
  | { type: "name"; value: string; line: number }
  | { type: "string"; value: string; line: number }
  | { type: "punct"; value: "(" | ")" | "[" | "]" | "," | "="; line: number }
  | { type: "end"; line: number };

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  '"': '"',
  "'": "'",
  "\n": "",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
};

function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === "\n") {
      line++;
      i++;
    } else if (/\s/.test(char)) i++;
    else if (char === "#") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if ("()[],=".includes(char)) {
      tokens.push({ type: "punct", value: char as "(", line });
      i++;
    } else if (/[A-Za-z_]/.test(char)) {
      let end = i;
      while (end < text.length && /\w/.test(text[end]!)) end++;
      const name = text.slice(i, end);
      if ((name === "r" || name === "R") && (text[end] === '"' || text[end] === "'")) {
        i = end;
        const { value, next, lines } = readString(text, i, true, file, line);
        tokens.push({ type: "string", value, line });
        line += lines;
        i = next;
      } else {
        tokens.push({ type: "name", value: name, line });
        i = end;
      }
    } else if (char === '"' || char === "'") {
      const { value, next, lines } = readString(text, i, false, file, line);
      tokens.push({ type: "string", value, line });
      line += lines;
      i = next;
    } else throw new RuleFileError(file, line, `unexpected character ${JSON.stringify(char)}`);
  }
  tokens.push({ type: "end", line });
  return tokens;
}

function readString(text: string, start: number, raw: boolean, file: string, line: number) {
  const quote = text[start]!;
  const triple = text.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  let i = start + delimiter.length;
  let value = "";
  let lines = 0;
  for (;;) {
    if (i >= text.length) throw new RuleFileError(file, line, "unterminated string");
    if (text.startsWith(delimiter, i)) return { value, next: i + delimiter.length, lines };
    const char = text[i]!;
    if (char === "\n") {
      if (!triple) throw new RuleFileError(file, line, "unterminated string (a newline inside quotes)");
      lines++;
    }
    if (char === "\\" && !raw) {
      const next = text[i + 1] ?? "";
      const hex = /^(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3})/.exec(
        text.slice(i + 1, i + 10),
      );
      if (hex) {
        const code = hex[0];
        value += String.fromCodePoint(
          Number.parseInt(/^[0-7]/.test(code) ? code : code.slice(1), /^[0-7]/.test(code) ? 8 : 16),
        );
        i += 1 + code.length;
        continue;
      }
      const mapped = ESCAPES[next];
      if (mapped === undefined)
        throw new RuleFileError(file, line + lines, `unknown escape \\${next} in a string`);
      if (next === "\n") lines++;
      value += mapped;
      i += 2;
      continue;
    }
    value += char;
    i++;
  }
}

type Value = { kind: "string"; value: string; line: number } | { kind: "list"; items: Value[]; line: number };

class Reader {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
  ) {}

  peek(): Token {
    return this.tokens[this.index]!;
  }

  /** True when the next token is the punctuation `value`. */
  at(value: string): boolean {
    const token = this.peek();
    return token.type === "punct" && token.value === value;
  }

  next(): Token {
    return this.tokens[this.index++]!;
  }

  expect(value: string): Token {
    const token = this.next();
    if (token.type !== "punct" || token.value !== value) {
      throw new RuleFileError(this.file, token.line, `expected "${value}" but found ${describe(token)}`);
    }
    return token;
  }

  value(): Value {
    const token = this.next();
    if (token.type === "string") return { kind: "string", value: token.value, line: token.line };
    if (token.type === "punct" && token.value === "[") {
      const items: Value[] = [];
      while (!this.at("]")) {
        items.push(this.value());
        const after = this.peek();
        if (after.type === "punct" && after.value === ",") this.next();
        else if (!(after.type === "punct" && after.value === "]")) {
          throw new RuleFileError(this.file, after.line, `expected "," or "]" but found ${describe(after)}`);
        }
      }
      this.next();
      return { kind: "list", items, line: token.line };
    }
    throw new RuleFileError(
      this.file,
      token.line,
      `expected a string or a list but found ${describe(token)}`,
    );
  }
}

function describe(token: Token): string {
  if (token.type === "end") return "the end of the file";
  if (token.type === "string") return `the string ${JSON.stringify(token.value)}`;
  return `"${token.value}"`;
}

const DECISIONS: Record<string, Decision> = { allow: "allow", prompt: "ask", forbidden: "forbid" };
const CODEX_DECISION: Record<Decision, string> = { allow: "allow", ask: "prompt", forbid: "forbidden" };

function stringOf(value: Value, file: string, what: string): string {
  if (value.kind !== "string") throw new RuleFileError(file, value.line, `${what} must be a string`);
  return value.value;
}

function patternOf(value: Value, file: string): PatternToken[] {
  if (value.kind !== "list" || value.items.length === 0) {
    throw new RuleFileError(file, value.line, "pattern must be a non-empty list");
  }
  return value.items.map((item) => {
    if (item.kind === "string") {
      if (item.value === "") throw new RuleFileError(file, item.line, "pattern words must not be empty");
      return item.value;
    }
    if (item.items.length === 0)
      throw new RuleFileError(file, item.line, "a list of alternatives must not be empty");
    return item.items.map((alternative) => stringOf(alternative, file, "an alternative in pattern"));
  });
}

function examplesOf(value: Value, file: string, what: string): RuleExample[] {
  if (value.kind !== "list") throw new RuleFileError(file, value.line, `${what} must be a list of examples`);
  return value.items.map((item) =>
    item.kind === "string"
      ? item.value
      : item.items.map((word) => stringOf(word, file, `a word in a ${what} example`)),
  );
}

function parseCall(reader: Reader, file: string): PrefixRule {
  const name = reader.next();
  if (name.type !== "name")
    throw new RuleFileError(file, name.line, `expected prefix_rule(...) but found ${describe(name)}`);
  if (name.value !== "prefix_rule") {
    throw new RuleFileError(
      file,
      name.line,
      `unsupported statement "${name.value}" (only prefix_rule(...) is supported)`,
    );
  }
  reader.expect("(");
  const seen = new Map<string, Value>();
  while (!reader.at(")")) {
    const key = reader.next();
    if (key.type !== "name")
      throw new RuleFileError(file, key.line, `expected a keyword argument but found ${describe(key)}`);
    if (!["pattern", "decision", "justification", "match", "not_match"].includes(key.value)) {
      throw new RuleFileError(file, key.line, `prefix_rule has no argument "${key.value}"`);
    }
    if (seen.has(key.value)) throw new RuleFileError(file, key.line, `argument "${key.value}" given twice`);
    reader.expect("=");
    seen.set(key.value, reader.value());
    const after = reader.peek();
    if (after.type === "punct" && after.value === ",") reader.next();
    else if (!(after.type === "punct" && after.value === ")")) {
      throw new RuleFileError(file, after.line, `expected "," or ")" but found ${describe(after)}`);
    }
  }
  reader.expect(")");
  const pattern = seen.get("pattern");
  if (!pattern) throw new RuleFileError(file, name.line, "prefix_rule needs a pattern");
  const decisionValue = seen.get("decision");
  const decisionName = decisionValue ? stringOf(decisionValue, file, "decision") : "allow";
  const decision = DECISIONS[decisionName];
  if (!decision) {
    throw new RuleFileError(
      file,
      decisionValue?.line ?? name.line,
      `decision must be "allow", "prompt" or "forbidden", not ${JSON.stringify(decisionName)}`,
    );
  }
  const rule: PrefixRule = {
    kind: "prefix",
    pattern: patternOf(pattern, file),
    decision,
    source: { format: "codex", file, line: name.line },
  };
  const justification = seen.get("justification");
  if (justification) rule.justification = stringOf(justification, file, "justification");
  const match = seen.get("match");
  if (match) rule.match = examplesOf(match, file, "match");
  const notMatch = seen.get("not_match");
  if (notMatch) rule.notMatch = examplesOf(notMatch, file, "not_match");
  checkExamples(rule, file, name.line);
  return rule;
}

/** Parses a Codex `.rules` file. Every problem is a {@link RuleFileError} naming `file` and the line. */
export function parseCodexRules(text: string, file: string): PrefixRule[] {
  const reader = new Reader(tokenize(text, file), file);
  const rules: PrefixRule[] = [];
  while (reader.peek().type !== "end") rules.push(parseCall(reader, file));
  return rules;
}

function literal(value: string): string {
  return JSON.stringify(value);
}

function formatExamples(examples: RuleExample[]): string {
  return `[${examples.map((example) => (typeof example === "string" ? literal(example) : `[${example.map(literal).join(", ")}]`)).join(", ")}]`;
}

/**
 * Renders rules as a Codex `.rules` file. Codex only knows argv-prefix rules: path rules, tool rules and
 * `exact` prefix rules are returned in `skipped` instead.
 */
export function formatCodexRules(rules: PolicyRule[]): { text: string; skipped: PolicyRule[] } {
  const skipped: PolicyRule[] = [];
  const blocks: string[] = [];
  for (const rule of rules) {
    if (rule.kind !== "prefix" || rule.exact) {
      skipped.push(rule);
      continue;
    }
    const pattern = rule.pattern.map((token) =>
      typeof token === "string" ? literal(token) : `[${token.map(literal).join(", ")}]`,
    );
    const lines = [
      `prefix_rule(`,
      `    pattern = [${pattern.join(", ")}],`,
      `    decision = ${literal(CODEX_DECISION[rule.decision])},`,
    ];
    if (rule.justification !== undefined) lines.push(`    justification = ${literal(rule.justification)},`);
    if (rule.match) lines.push(`    match = ${formatExamples(rule.match)},`);
    if (rule.notMatch) lines.push(`    not_match = ${formatExamples(rule.notMatch)},`);
    lines.push(")");
    blocks.push(lines.join("\n"));
  }
  return { text: blocks.length === 0 ? "" : `${blocks.join("\n\n")}\n`, skipped };
}
