import path from "node:path";
import type { PathFacts } from "../builtin/paths.js";
import type { FileAccess, PathRule, PrefixRule, ToolRule } from "../types.js";
import { globMatches } from "./glob.js";

/**
 * True when a prefix rule matches a command. `literal[i]` says whether word i is known before the command runs;
 * a word that depends on expansions never matches a pattern token.
 */
export function prefixMatches(rule: PrefixRule, argv: string[], literal?: boolean[]): boolean {
  const { pattern } = rule;
  if (argv.length < pattern.length || (rule.exact && argv.length !== pattern.length)) return false;
  return pattern.every((token, index) => {
    if (literal && literal[index] === false) return false;
    const word = argv[index]!;
    return typeof token === "string" ? token === word : token.includes(word);
  });
}

/** True when a path rule matches a read or write of `facts`. */
export function pathMatches(
  rule: PathRule,
  facts: PathFacts,
  access: FileAccess,
  home: string | undefined,
): boolean {
  if (rule.access !== access) return false;
  const glob = rule.glob;
  if (glob.startsWith("/")) return globMatches(glob, facts.absolute);
  if (glob === "~" || glob.startsWith("~/")) {
    if (!home) return false;
    return globMatches(path.join(home, glob.slice(1)).split(path.sep).join("/"), facts.absolute);
  }
  return facts.relative !== undefined && globMatches(glob, facts.relative);
}

const ALIASES: Record<string, string[]> = {
  shell: ["shell", "bash"],
  read: ["read"],
  write: ["edit", "write", "multiedit", "notebookedit"],
};

/** True when a tool rule matches a call of `tool`; `shell`/`Bash` also match every shell call, `Read`/`Edit`/`Write` file calls. */
export function toolMatches(
  rule: ToolRule,
  tool: string,
  kind: "shell" | "read" | "write" | "tool",
): boolean {
  if (rule.tool === tool) return true;
  // Every tool of one MCP server: `mcp__server__*` (ours) or `mcp__server` (Claude Code's form).
  if (kind === "tool" && rule.tool.startsWith("mcp__")) {
    const prefix = rule.tool.endsWith("__*") ? rule.tool.slice(0, -1) : `${rule.tool}__`;
    if (!prefix.slice(5).slice(0, -2).includes("__") && tool.startsWith(prefix)) return true;
  }
  const wanted = rule.tool.toLowerCase();
  return kind !== "tool" && (ALIASES[kind]?.includes(wanted) ?? false);
}
