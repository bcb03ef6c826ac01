import os from "node:os";
import path from "node:path";
import type { Parser } from "web-tree-sitter";
import { isInsideReal } from "../../workspace/index.js";
import { strictest, type Verdict } from "../decision.js";
import {
  loadRuleFiles,
  projectRoot,
  projectRuleLayer,
  projectRulesFile,
  userRuleFiles,
} from "../rules/load-rules.js";
import { toolMatches } from "../rules/match.js";
import { ruleId } from "../rules/rule-id.js";
import { loadBashParser } from "../shell/parser.js";
import type { ApprovalMode, PolicyCall, PolicyContext, PolicyDecision, PolicyRule } from "../types.js";
import { applyApprovalMode, applyEscalation } from "./approval.js";
import type { JudgeEnv } from "./judge-env.js";
import { judgeFileCall } from "./judge-path.js";
import { judgeScript } from "./judge-script.js";

/** Options for {@link SecurityPolicy.load}. */
export interface SecurityPolicyOptions {
  /** The workspace root (absolute): relative paths resolve here, the project layer is found from here. */
  cwd: string;
  /** `$ART_HOME`: the user layer is `$ART_HOME/rules.toml` plus `$ART_HOME/rules/*.{toml,rules}`. */
  artHome: string;
  /** Default approval mode; a call's context may override it. Defaults to `on-request`. */
  approval?: ApprovalMode;
  /** More rule files, any format by extension: `.toml` ours, `.rules` Codex, `.json` Claude settings. */
  ruleFiles?: string[];
  /** Rules given in memory (configuration, tests). */
  rules?: PolicyRule[];
  /** For `HOME` (`~` in paths and rules). Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Read `<project>/.art/rules.toml`. Defaults to true. */
  projectRules?: boolean;
  /**
   * Whether the project layer may allow things. A repository can ship its own `.art/rules.toml`; when the
   * repository is not trusted, only its `ask`/`forbid` rules apply. Defaults to the user's decision recorded
   * with `art trust` under `$ART_HOME`.
   */
  trustProject?: boolean;
  /** Read the user layer. Defaults to true. */
  userRules?: boolean;
}

/**
 * The exec policy: every rule layer loaded once, then a decision per tool call. Loading reads the rule files
 * (and fails with a `RuleFileError` naming file and line); the bash parser loads on the first shell call, so
 * `decide` is async. After `prepare()`, `decideSync` answers without awaiting anything.
 */
export class SecurityPolicy {
  /** Every rule, user layer first, then project, then `ruleFiles`, then in-memory rules. */
  readonly rules: readonly PolicyRule[];
  /** Rules that were imported only approximately or skipped. */
  readonly warnings: readonly string[];
  /** The rule files that were read. */
  readonly files: readonly string[];
  readonly workspace: string;
  readonly approval: ApprovalMode;
  private readonly home: string | undefined;
  private readonly artHome: string;
  private parser: Parser | undefined;

  private constructor(options: {
    rules: PolicyRule[];
    warnings: string[];
    files: string[];
    workspace: string;
    approval: ApprovalMode;
    home: string | undefined;
    artHome: string;
  }) {
    this.rules = options.rules;
    this.warnings = options.warnings;
    this.files = options.files;
    this.workspace = options.workspace;
    this.approval = options.approval;
    this.home = options.home;
    this.artHome = options.artHome;
  }

  /** Loads every rule layer. Does not load the bash parser. */
  static async load(options: SecurityPolicyOptions): Promise<SecurityPolicy> {
    const env = options.env ?? process.env;
    const workspace = path.resolve(options.cwd);
    const userFiles = options.userRules === false ? [] : userRuleFiles(options.artHome);
    const layer = options.projectRules === false ? undefined : projectRuleLayer(workspace, options.artHome);
    const projectFile = layer?.files[0] ?? projectRulesFile(workspace);
    const user = loadRuleFiles(userFiles);
    const project = loadRuleFiles(layer?.files ?? []);
    // A rule file named by `rules` in a config or by --rules that lies inside the project (a relative
    // ".claude/settings.json", a Codex ".codex/*.rules") is content the repository controls: its allow rules
    // need the same trust as the project's own .art/rules.toml.
    const named = options.ruleFiles ?? [];
    const inProject = (file: string) =>
      isInsideReal(projectRoot(workspace), file) && !isInsideReal(options.artHome, file);
    const projectNamed = loadRuleFiles(named.filter(inProject));
    const extra = loadRuleFiles(named.filter((file) => !inProject(file)));
    const warnings = [
      ...user.warnings,
      ...(layer?.warnings ?? []),
      ...project.warnings,
      ...projectNamed.warnings,
      ...extra.warnings,
    ];
    let projectRules = project.rules;
    let namedRules = projectNamed.rules;
    if (!(options.trustProject ?? layer?.trusted ?? false)) {
      const ignored = projectRules.filter((rule) => rule.decision === "allow");
      if (ignored.length > 0)
        warnings.push(
          `${projectFile}: ${ignored.length} allow rule(s) ignored because the project is not trusted (${ignored.map((rule) => ruleId(rule)).join(", ")}); run "art trust" in the project to apply them`,
        );
      projectRules = projectRules.filter((rule) => rule.decision !== "allow");
      const ignoredNamed = namedRules.filter((rule) => rule.decision === "allow");
      if (ignoredNamed.length > 0)
        warnings.push(
          `${projectNamed.files.join(", ")}: ${ignoredNamed.length} allow rule(s) ignored because the file is inside the project, which is not trusted (${ignoredNamed.map((rule) => ruleId(rule)).join(", ")}); run "art trust" in the project to apply them`,
        );
      namedRules = namedRules.filter((rule) => rule.decision !== "allow");
    }
    return new SecurityPolicy({
      rules: [...user.rules, ...projectRules, ...namedRules, ...extra.rules, ...(options.rules ?? [])],
      warnings,
      files: [...user.files, ...project.files, ...projectNamed.files, ...extra.files],
      workspace,
      approval: options.approval ?? "on-request",
      home: env.HOME || os.homedir() || undefined,
      artHome: path.resolve(options.artHome),
    });
  }

  /** Loads the bash parser now instead of on the first shell call. */
  async prepare(): Promise<void> {
    this.parser ??= await loadBashParser();
  }

  /** Decides one call; loads the bash parser first when it is a shell call and the parser is not loaded yet. */
  async decide(call: PolicyCall, context: PolicyContext = {}): Promise<PolicyDecision> {
    if (call.kind === "shell" && !this.parser) await this.prepare();
    return this.decideSync(call, context);
  }

  /** Decides one call without awaiting. Throws for a shell call before `prepare()` (or a `decide`) finished. */
  decideSync(call: PolicyCall, context: PolicyContext = {}): PolicyDecision {
    const approval = context.approval ?? this.approval;
    const env: JudgeEnv = {
      workspace: this.workspace,
      home: this.home,
      artHome: this.artHome,
      rules: context.sessionRules ? [...this.rules, ...context.sessionRules] : [...this.rules],
      approval,
      tool:
        call.tool ??
        (call.kind === "shell"
          ? "shell"
          : call.kind === "file"
            ? call.access === "read"
              ? "read"
              : "write"
            : ""),
      ...(this.parser ? { parser: this.parser } : {}),
    };
    if (call.kind === "shell") {
      if (!this.parser)
        throw new Error("SecurityPolicy.decideSync: call prepare() before judging shell commands");
      const cwd = call.cwd ? path.resolve(this.workspace, call.cwd) : this.workspace;
      const { verdict, parts } = judgeScript(call.command, cwd, env);
      let result = applyEscalation(
        verdict,
        parts.map((part) => part.rule),
        call.unsandboxed,
      );
      if (result.decision === "ask" && context.approvedCommands?.has(call.command)) {
        result = {
          decision: "allow",
          reason: "the user approved this exact command for the session",
          rule: "session:approved",
        };
      }
      return { ...finish(applyApprovalMode(result, approval)), parts };
    }
    if (call.kind === "file")
      return finish(applyApprovalMode(judgeFileCall(call.path, call.access, env), approval));
    return finish(applyApprovalMode(judgeToolCall(call.tool, call.effects, env), approval));
  }

  /**
   * Rules that would let `call` through next time, for "approve for the session" (pass them as
   * `context.sessionRules`) and "approve and save" (`saveProjectRule`). Shell calls give one exact-argv rule per
   * part that asked; built-in floors (dangerous patterns, unanalysable constructs) still ask: use
   * `context.approvedCommands` for exact repeats of those.
   */
  rulesForApproval(
    call: PolicyCall,
    decision?: PolicyDecision,
    format: "session" | "art" = "session",
  ): PolicyRule[] {
    const source = { format } as const;
    const justification = "approved by the user";
    if (call.kind === "file") {
      const relative = path.relative(this.workspace, path.resolve(this.workspace, call.path));
      const inside = !relative.startsWith("..") && !path.isAbsolute(relative);
      const glob = (
        inside ? relative.split(path.sep).join("/") : path.resolve(this.workspace, call.path)
      ).replace(/[*?[\]]/g, "?");
      return [{ kind: "path", glob, access: call.access, decision: "allow", justification, source }];
    }
    if (call.kind === "tool")
      return [{ kind: "tool", tool: call.tool, decision: "allow", justification, source }];
    const parts = decision?.parts ?? [];
    return parts
      .filter((part) => part.decision === "ask" && part.argv.length > 0)
      .map((part) => ({
        kind: "prefix",
        pattern: part.argv,
        exact: true,
        decision: "allow",
        justification,
        source,
      }));
  }
}

function finish(verdict: Verdict): PolicyDecision {
  return {
    decision: verdict.decision,
    reason: verdict.reason,
    ...(verdict.rule ? { rule: verdict.rule } : {}),
  };
}

function judgeToolCall(tool: string, effects: "read" | "write" | "exec", env: JudgeEnv): Verdict {
  const ruled = strictest(
    env.rules
      .filter((rule) => rule.kind === "tool" && toolMatches(rule, tool, "tool"))
      .map((rule) => ({
        decision: rule.decision,
        reason: rule.justification ? `tool ${tool}: ${rule.justification}` : `tool ${tool} matches the rule`,
        rule: ruleId(rule),
      })),
  );
  if (ruled) return ruled;
  if (effects === "read")
    return { decision: "allow", reason: `tool ${tool} only reads`, rule: "builtin:read" };
  if (env.approval === "untrusted") {
    return {
      decision: "ask",
      reason: `tool ${tool} can change things (approval mode untrusted)`,
      rule: "builtin:untrusted-default",
    };
  }
  return { decision: "allow", reason: `no rule matches tool ${tool}`, rule: "builtin:sandboxed-default" };
}
