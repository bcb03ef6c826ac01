import { readsCredentialStore } from "../builtin/credential-stores.js";
import { dangerousVerdict } from "../builtin/dangerous.js";
import { pathFacts } from "../builtin/paths.js";
import { readTargets } from "../builtin/read-targets.js";
import { knownSafeProblem, looksLikeSecretFile } from "../builtin/safe-commands.js";
import { strictest, type Verdict } from "../decision.js";
import { prefixMatches, toolMatches } from "../rules/match.js";
import { ruleId } from "../rules/rule-id.js";
import type { RawRedirect } from "../shell/extract.js";
import type { ParsedCommand } from "../types.js";
import type { JudgeEnv } from "./judge-env.js";
import { judgePath } from "./judge-path.js";
import type { Analysed } from "./unwrap.js";

/**
 * Variables that change which program runs or what a program loads: setting them in front of any command
 * makes it something else.
 */
const RISKY_ENV =
  /^(PATH|LD_\w+|DYLD_\w+|BASH_ENV|ENV|IFS|PS4|PROMPT_COMMAND|SHELLOPTS|BASHOPTS|CDPATH|GLOBIGNORE|GIT_\w+|\w*PAGER|EDITOR|VISUAL|BROWSER|LESSOPEN|LESSCLOSE|NODE_OPTIONS|NODE_PATH|PYTHONPATH|PYTHONSTARTUP|PYTHONHOME|PERL5OPT|PERL5LIB|PERLLIB|RUBYOPT|RUBYLIB|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|SSH_ASKPASS|SUDO_ASKPASS|TERMINFO|HOME|ZDOTDIR|XDG_CONFIG_HOME)$/;

function problemVerdicts(part: Analysed): Verdict[] {
  const verdicts: Verdict[] = part.problems.map((problem) => ({
    decision: "ask",
    reason: problem,
    rule: "builtin:cannot-analyse",
  }));
  for (const assignment of part.env) {
    if (RISKY_ENV.test(assignment.name)) {
      verdicts.push({
        decision: "ask",
        reason: `sets ${assignment.name}, which can change what the command runs or loads`,
        rule: "builtin:risky-env",
      });
    }
  }
  return [...verdicts, ...part.floors];
}

function redirectVerdict(redirect: RawRedirect, part: Analysed, env: JudgeEnv): Verdict | undefined {
  if (redirect.access === "dup") return undefined;
  const target = redirect.target;
  if (!target.literal || target.glob) {
    return {
      decision: "ask",
      reason: `redirects to ${target.text}, a file only known at run time`,
      rule: "builtin:cannot-analyse",
    };
  }
  const relative = !target.value.startsWith("/") && !target.value.startsWith("~");
  if (relative && part.cwd === undefined) {
    return {
      decision: "ask",
      reason: `redirects to ${target.value} after cd to a directory only known at run time`,
      rule: "builtin:cannot-analyse",
    };
  }
  const facts = pathFacts(target.value, part.cwd ?? env.workspace, env.workspace, env.home);
  return judgePath(facts, redirect.access, env);
}

/** Commands whose operands are files they create, change or delete, and which operands those are. */
function writtenOperands(argv: string[]): string[] {
  const [name, ...args] = argv;
  const operands = args.filter((arg) => !arg.startsWith("-"));
  switch (name) {
    case "tee":
    case "touch":
    case "mkdir":
    case "rm":
    case "rmdir":
    case "unlink":
    case "shred":
      return operands;
    case "truncate":
      return args.filter(
        (arg, index) => !arg.startsWith("-") && args[index - 1] !== "-s" && args[index - 1] !== "-r",
      );
    case "cp":
    case "mv":
    case "ln":
    case "install": {
      const target = args.findIndex((arg) => arg === "-t" || arg === "--target-directory");
      if (target >= 0 && args[target + 1]) return [args[target + 1]!];
      return operands.length >= 2 ? [operands.at(-1)!] : [];
    }
    default:
      return [];
  }
}

function operandVerdicts(part: Analysed, env: JudgeEnv): Verdict[] {
  if (part.words.some((word) => !word.literal)) return [];
  return writtenOperands(part.words.map((word) => word.value)).flatMap((operand) => {
    if (!operand.startsWith("/") && !operand.startsWith("~") && part.cwd === undefined) return [];
    const verdict = judgePath(
      pathFacts(operand, part.cwd ?? env.workspace, env.workspace, env.home),
      "write",
      env,
    );
    // The untrusted default for the command itself already covers writes inside the workspace.
    return verdict.decision === "allow" || verdict.rule === "builtin:untrusted-default" ? [] : [verdict];
  });
}

/** The credential file or store a known-safe command would read (or search through), if any. */
function credentialRead(argv: string[], part: Analysed, env: JudgeEnv): string | undefined {
  const named = argv.slice(1).find((arg) => looksLikeSecretFile(arg));
  if (named) return named;
  const { paths, recursive } = readTargets(argv);
  const base = part.cwd ?? env.workspace;
  return paths.find((target) => {
    const absolute = target.startsWith("~")
      ? target
      : pathFacts(target, base, env.workspace, env.home).absolute;
    return readsCredentialStore(absolute, { home: env.home, artHome: env.artHome, recursive });
  });
}

function commandVerdict(part: Analysed, env: JudgeEnv): Verdict {
  const argv = part.words.map((word) => word.value);
  const literal = part.words.map((word) => word.literal);
  const shown = argv.join(" ");
  const dynamicTexts = part.words.filter((word) => !word.literal).map((word) => word.text);
  const verdicts: Verdict[] = [];
  const danger = dangerousVerdict(argv, dynamicTexts, { home: env.home });
  if (danger) verdicts.push(danger);
  for (const rule of env.rules) {
    const matches =
      rule.kind === "prefix"
        ? prefixMatches(rule, argv, literal)
        : rule.kind === "tool" && toolMatches(rule, env.tool, "shell");
    if (!matches) continue;
    const what = rule.kind === "prefix" ? `"${shown}"` : `tool ${env.tool}`;
    const reason = rule.justification ? `${what}: ${rule.justification}` : `${what} matches the rule`;
    verdicts.push({ decision: rule.decision, reason, rule: ruleId(rule) });
  }
  const ruled = strictest(verdicts);
  if (ruled) return ruled;
  const allLiteral = part.words.every((word) => word.literal && !word.glob);
  const problem =
    part.obfuscated || part.env.length > 0
      ? "it is spelled or set up to dodge checks"
      : knownSafeProblem(argv, { unknownTail: part.unknownTail || !allLiteral });
  if (problem === undefined) {
    const secret = credentialRead(argv, part, env);
    if (secret)
      return {
        decision: "ask",
        reason: `reads ${secret}, which holds or looks like it holds credentials`,
        rule: "builtin:secret-file",
      };
    return { decision: "allow", reason: `"${shown}" only reads`, rule: "builtin:safe-read-only" };
  }
  // Any command handed a credential file by name (`scp ~/.ssh/id_rsa`, `jq --rawfile k ~/.aws/credentials`).
  // Operands the command only creates or removes (`cp .env.example .env`) are judged as writes instead.
  const written = new Set(writtenOperands(argv));
  const secret = argv.slice(1).find((arg) => looksLikeSecretFile(arg) && !written.has(arg));
  if (secret)
    return {
      decision: "ask",
      reason: `"${shown}" is given ${secret}, which looks like it holds credentials`,
      rule: "builtin:secret-file",
    };
  if (env.approval === "untrusted") {
    return {
      decision: "ask",
      reason: `"${shown}" is not known to be read-only (${problem}; approval mode untrusted)`,
      rule: "builtin:untrusted-default",
    };
  }
  return {
    decision: "allow",
    reason: `no rule matches "${shown}"; it runs in the sandbox`,
    rule: "builtin:sandboxed-default",
  };
}

function assignmentVerdict(part: Analysed): Verdict {
  const names = part.env.map((assignment) => assignment.name).join(", ");
  return {
    decision: "allow",
    reason: names ? `sets ${names}` : "only redirects",
    rule: "builtin:assignment",
  };
}

/** Judges one simple command: its words, the variables set for it, its redirections and what it was wrapped in. */
export function judgePart(part: Analysed, env: JudgeEnv): ParsedCommand {
  const main = part.words.length > 0 ? commandVerdict(part, env) : assignmentVerdict(part);
  const redirects = [
    ...part.redirects.flatMap((redirect) => redirectVerdict(redirect, part, env) ?? []),
    ...(part.words.length > 0 ? operandVerdicts(part, env) : []),
  ];
  // Among equal decisions the first reason wins: what could not be analysed, what the command is, what it writes.
  const verdict = strictest([
    ...problemVerdicts(part),
    ...(main.decision === "allow" ? [] : [main]),
    ...redirects,
    main,
  ])!;
  return {
    argv: part.words.map((word) => word.value),
    text: part.text,
    env: part.env.map((assignment) => assignment.name),
    redirects: part.redirects.map((redirect) => ({
      op: redirect.op,
      target: redirect.target.value,
      access: redirect.access,
    })),
    via: part.via,
    decision: verdict.decision,
    reason: verdict.reason,
    ...(verdict.rule ? { rule: verdict.rule } : {}),
  };
}
