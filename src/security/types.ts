import type { ApprovalMode } from "../core/index.js";
import type { ToolEffects } from "../tools/index.js";

/** What the policy says about one tool call. Ordered by strictness: `forbid` > `ask` > `allow`. */
export type Decision = "allow" | "ask" | "forbid";

/** When to ask before running a tool call: core's one definition, re-exported for the policy's callers. */
export type { ApprovalMode };

/** Whether a file tool reads or writes. */
export type FileAccess = "read" | "write";

/** A request to run a command outside the sandbox. */
export interface Escalation {
  /** Why the model wants it; shown to the approver. */
  justification?: string;
  /** True when the sandbox blocked the previous, sandboxed attempt (approval mode `on-failure`). */
  afterSandboxDenial?: boolean;
}

/** The parts of a tool call the policy judges. */
export type PolicyCall =
  | {
      kind: "shell";
      /** The script, as the shell tool runs it (`bash -c <command>`). */
      command: string;
      /** The tool's name (for tool-name rules); defaults to `shell`. */
      tool?: string;
      /** Absolute directory the script starts in; defaults to the policy's workspace. */
      cwd?: string;
      /** Set when the command should run outside the sandbox. */
      unsandboxed?: Escalation;
    }
  | {
      kind: "file";
      /** Path as the tool received it: workspace-relative, absolute or `~/...`. */
      path: string;
      access: FileAccess;
      /** The tool's name (for tool-name rules). */
      tool?: string;
    }
  | {
      kind: "tool";
      /** The tool's name. */
      tool: string;
      effects: ToolEffects;
    };

/** One redirection of a simple command. */
export interface ParsedRedirect {
  /** The operator as written: `>`, `>>`, `&>`, `<`, `2>`, ... */
  op: string;
  /** The target as written (a file, or a descriptor for `>&2`). */
  target: string;
  /** `write` and `read` name files; `dup` only copies a descriptor. */
  access: "read" | "write" | "dup";
}

/** One simple command of a script, as the policy judged it. */
export interface ParsedCommand {
  /** The words after unwrapping (`bash -c`, `env`, `sudo`, `xargs`, `find -exec`, ...); quotes removed. */
  argv: string[];
  /** The command's source text. */
  text: string;
  /** Names of `NAME=value` assignments in front of the command (or given to `env`). */
  env: string[];
  redirects: ParsedRedirect[];
  /** The wrappers this command was found inside, outermost first, e.g. `["bash -c", "xargs"]`. */
  via: string[];
  decision: Decision;
  reason: string;
  /** The rule that decided this part. */
  rule?: string;
}

/** The policy's answer for one call. */
export interface PolicyDecision {
  decision: Decision;
  /** Why, in words a model or a user can act on. */
  reason: string;
  /** The rule that decided, e.g. `codex:/home/me/.art/rules/x.rules:12` or `builtin:safe-read-only`. */
  rule?: string;
  /** For shell calls: every simple command, each with its own verdict. */
  parts?: ParsedCommand[];
}

/** Where a rule came from. */
export interface RuleSource {
  format: "art" | "codex" | "claude" | "session" | "cli";
  /** The file it was read from. */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
}

/** One argv position of a prefix rule: a literal word, or a list of alternatives. */
export type PatternToken = string | string[];

/** An example command of a prefix rule: a string (split like a shell would) or a list of words. */
export type RuleExample = string | string[];

interface RuleBase {
  decision: Decision;
  /** Why the rule exists; shown with the decision. */
  justification?: string;
  source: RuleSource;
}

/** Matches commands whose argv starts with `pattern` (or equals it, when `exact`). */
export interface PrefixRule extends RuleBase {
  kind: "prefix";
  pattern: PatternToken[];
  exact?: boolean;
  /** Examples that must match; checked when the rule loads. */
  match?: RuleExample[];
  /** Examples that must not match; checked when the rule loads. */
  notMatch?: RuleExample[];
}

/**
 * Matches file reads or writes (file tools and shell redirections) by glob. Relative globs apply to
 * workspace-relative paths (a glob without `/` matches a name at any depth); `/...` is absolute; `~/...` is home.
 */
export interface PathRule extends RuleBase {
  kind: "path";
  glob: string;
  access: FileAccess;
}

/** Matches every call of a tool by name (`shell`/`Bash` match every shell call, `Read`/`Edit`/`Write` file calls). */
export interface ToolRule extends RuleBase {
  kind: "tool";
  tool: string;
}

/** A rule from any layer or format, in the one shape the policy evaluates. */
export type PolicyRule = PrefixRule | PathRule | ToolRule;

/** Options for the per-call context of {@link PolicyCall} decisions. */
export interface PolicyContext {
  /** Overrides the policy's approval mode for this call. */
  approval?: ApprovalMode;
  /** Rules added for this session only ("approve for the session"); see `rulesForApproval`. */
  sessionRules?: PolicyRule[];
  /** Exact shell commands the user approved for this session: they no longer ask (a `forbid` still forbids). */
  approvedCommands?: ReadonlySet<string>;
}
