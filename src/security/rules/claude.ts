import { RuleFileError } from "../errors/rule-file-error.js";
import { shellJoin, shellSplit } from "../shell/shlex.js";
import type { Decision, PolicyRule } from "../types.js";

/**
 * Import and export of Claude Code permission rules (`settings.json` → `permissions.allow|ask|deny`):
 * `Bash(npm run test:*)` (prefix), `Bash(git status)` (exact), `Bash` (every command), `Read(src/**)`,
 * `Edit(...)`/`Write(...)` (path rules), and other tool names as tool rules.
 */

const LISTS = [
  ["deny", "forbid"],
  ["ask", "ask"],
  ["allow", "allow"],
] as const satisfies readonly (readonly [string, Decision])[];

const READ_TOOLS = new Set(["Read"]);
const WRITE_TOOLS = new Set(["Edit", "Write", "MultiEdit", "NotebookEdit"]);

/** Rules read from a Claude settings file, and entries that could not be imported exactly. */
export interface ClaudeImport {
  rules: PolicyRule[];
  /** Entries imported more broadly (deny/ask) or skipped (allow), with why. */
  warnings: string[];
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text[i] === "\n") line++;
  return line;
}

function jsonErrorLine(text: string, error: Error): number | undefined {
  const line = /line (\d+)/.exec(error.message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(error.message);
  return position ? lineAt(text, Number(position[1])) : undefined;
}

function pathFromClaude(pattern: string): string {
  if (pattern.startsWith("//")) return pattern.slice(1);
  if (pattern.startsWith("/")) return pattern.slice(1);
  if (pattern.startsWith("./")) return pattern.slice(2);
  return pattern;
}

function pathToClaude(glob: string): string {
  if (glob.startsWith("/")) return `/${glob}`;
  return glob;
}

function parseEntry(
  entry: string,
  decision: Decision,
  source: PolicyRule["source"],
  warnings: string[],
): PolicyRule | undefined {
  const file = source.file ?? "settings";
  const parts = /^([A-Za-z_][\w-]*)(?:\(([\s\S]*)\))?$/.exec(entry.trim());
  if (!parts)
    throw new RuleFileError(file, source.line, `cannot read permission rule ${JSON.stringify(entry)}`);
  const tool = parts[1]!;
  const specifier = parts[2];
  const broad = (why: string): PolicyRule | undefined => {
    if (decision === "allow") {
      warnings.push(`${file}:${source.line}: skipped allow rule ${entry}: ${why}`);
      return undefined;
    }
    warnings.push(`${file}:${source.line}: ${entry} applies to every ${tool} call: ${why}`);
    return { kind: "tool", tool, decision, source };
  };
  if (specifier === undefined || specifier === "" || specifier === "*")
    return { kind: "tool", tool, decision, source };
  if (tool === "Bash") {
    let body = specifier;
    let exact = true;
    if (body.endsWith(":*")) {
      body = body.slice(0, -2);
      exact = false;
    } else if (body.endsWith(" *")) {
      body = body.slice(0, -2);
      exact = false;
    }
    let words: string[];
    try {
      words = shellSplit(body);
    } catch (error) {
      throw new RuleFileError(file, source.line, `${entry}: ${(error as Error).message}`);
    }
    const wild = words.findIndex((word) => word.includes("*"));
    if (wild >= 0 || words.length === 0) {
      const prefix = wild >= 0 ? words.slice(0, wild) : words;
      if (decision === "allow" || prefix.length === 0)
        return broad("wildcards inside a command are not supported");
      warnings.push(
        `${file}:${source.line}: ${entry} applies to every command starting with "${prefix.join(" ")}"`,
      );
      return { kind: "prefix", pattern: prefix, decision, source };
    }
    return { kind: "prefix", pattern: words, ...(exact ? { exact: true } : {}), decision, source };
  }
  if (READ_TOOLS.has(tool) || WRITE_TOOLS.has(tool)) {
    return {
      kind: "path",
      glob: pathFromClaude(specifier),
      access: READ_TOOLS.has(tool) ? "read" : "write",
      decision,
      source,
    };
  }
  return broad(`the specifier "${specifier}" cannot be checked by this runtime`);
}

/** Parses a Claude Code `settings.json`. Deny, ask and allow lists become forbid, ask and allow rules. */
export function parseClaudeSettings(text: string, file: string): ClaudeImport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RuleFileError(
      file,
      jsonErrorLine(text, error as Error),
      `invalid JSON: ${(error as Error).message}`,
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new RuleFileError(file, 1, "a settings file must hold a JSON object");
  }
  const permissions = (data as Record<string, unknown>).permissions;
  const rules: PolicyRule[] = [];
  const warnings: string[] = [];
  if (permissions === undefined) return { rules, warnings };
  const permissionsAt = text.indexOf('"permissions"');
  if (typeof permissions !== "object" || permissions === null || Array.isArray(permissions)) {
    throw new RuleFileError(file, lineAt(text, permissionsAt), "permissions must be an object");
  }
  for (const [key, decision] of LISTS) {
    const list = (permissions as Record<string, unknown>)[key];
    if (list === undefined) continue;
    let cursor = text.indexOf(`"${key}"`, permissionsAt);
    if (!Array.isArray(list))
      throw new RuleFileError(file, lineAt(text, cursor), `permissions.${key} must be a list of strings`);
    for (const entry of list) {
      const found = text.indexOf(JSON.stringify(entry), cursor);
      if (found >= 0) cursor = found;
      const line = lineAt(text, cursor);
      if (typeof entry !== "string")
        throw new RuleFileError(file, line, `permissions.${key} must hold only strings`);
      const rule = parseEntry(entry, decision, { format: "claude", file, line }, warnings);
      if (rule) rules.push(rule);
    }
  }
  return { rules, warnings };
}

function expand(pattern: (string | string[])[]): string[][] {
  return pattern.reduce<string[][]>(
    (combos, token) =>
      combos.flatMap((combo) =>
        (typeof token === "string" ? [token] : token).map((word) => [...combo, word]),
      ),
    [[]],
  );
}

/** The `permissions` object of a Claude settings file holding `rules`; prefix alternatives become one entry each. */
export function formatClaudeSettings(rules: PolicyRule[]): {
  permissions: { allow: string[]; ask: string[]; deny: string[] };
} {
  const permissions = { allow: [] as string[], ask: [] as string[], deny: [] as string[] };
  for (const rule of rules) {
    const list = permissions[rule.decision === "forbid" ? "deny" : rule.decision];
    if (rule.kind === "tool") list.push(rule.tool);
    else if (rule.kind === "path")
      list.push(`${rule.access === "read" ? "Read" : "Edit"}(${pathToClaude(rule.glob)})`);
    else
      for (const words of expand(rule.pattern))
        list.push(`Bash(${shellJoin(words)}${rule.exact ? "" : ":*"})`);
  }
  return { permissions };
}
