import path from "node:path";
import { ApprovalMode, resolveArtHome } from "../../core/index.js";
import { rulesJsonSchema, SecurityPolicy, shellJoin } from "../../security/index.js";
import type { CommandMain } from "../command.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art policy check [--approval MODE] [--rules FILE]... [--cwd DIR] [--no-user-rules] -- CMD [ARGS...]
       art policy schema

check   Decide a command as the agent's shell tool would, and print the decision as JSON:
        {"decision": "allow"|"ask"|"forbid", "reason", "rule", "parts"}.
        Exit status: 0 allow, 1 forbid, 3 ask (2: a usage error).
        One argument after -- is read as a script ("ls | wc -l"); several are one command's words.
        --approval MODE   untrusted | on-request (default) | on-failure | never
        --rules FILE      extra rule file: .toml (ours), .rules (Codex), .json (Claude settings); repeatable
        --cwd DIR         workspace (default: the current directory)
        --no-user-rules   ignore $ART_HOME/rules.toml and $ART_HOME/rules/
schema  Print the JSON Schema of rules.toml.
`;

const MODES: readonly string[] = ApprovalMode.options;

/** Exit status per decision, so scripts can branch without parsing JSON (2 stays the usage error). */
const DECISION_EXIT: Record<"allow" | "ask" | "forbid", number> = { allow: 0, forbid: 1, ask: 3 };

/** `art policy`: check a command against the exec policy, or print the rule file schema. */
export const main: CommandMain = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    io.stdout.write(HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === "schema") {
    io.stdout.write(`${JSON.stringify(rulesJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (sub !== "check") throw new UsageError(`unknown subcommand "${sub}"`, "policy");
  let approval: ApprovalMode = "on-request";
  const ruleFiles: string[] = [];
  let cwd = io.cwd;
  let userRules = true;
  let index = 0;
  for (; index < rest.length; index++) {
    const arg = rest[index]!;
    if (arg === "--") {
      index++;
      break;
    }
    const value = () => {
      const next = rest[++index];
      if (next === undefined) throw new UsageError(`${arg} needs a value`, "policy");
      return next;
    };
    if (arg === "--approval") {
      const mode = value();
      if (!MODES.includes(mode))
        throw new UsageError(`--approval must be one of ${MODES.join(", ")}`, "policy");
      approval = mode as ApprovalMode;
    } else if (arg === "--rules") ruleFiles.push(path.resolve(io.cwd, value()));
    else if (arg === "--cwd") cwd = path.resolve(io.cwd, value());
    else if (arg === "--no-user-rules") userRules = false;
    else if (arg === "--help" || arg === "-h") {
      io.stdout.write(HELP);
      return 0;
    } else throw new UsageError(`unknown option "${arg}" (put the command after --)`, "policy");
  }
  const words = rest.slice(index);
  if (words.length === 0) throw new UsageError("no command to check (give it after --)", "policy");
  const artHome = resolveArtHome(io.env);
  const policy = await SecurityPolicy.load({ cwd, artHome, approval, ruleFiles, env: io.env, userRules });
  for (const warning of policy.warnings) io.stderr.write(`art policy: warning: ${warning}\n`);
  const command = words.length === 1 ? words[0]! : shellJoin(words);
  const decision = await policy.decide({ kind: "shell", command });
  io.stdout.write(
    `${JSON.stringify({ decision: decision.decision, reason: decision.reason, rule: decision.rule ?? null, parts: decision.parts ?? [] }, null, 2)}\n`,
  );
  return DECISION_EXIT[decision.decision];
};
