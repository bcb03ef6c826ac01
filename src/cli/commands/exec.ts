import { Agent } from "../../orchestrator/index.js";
import { agentOptionsFrom, SESSION_FLAGS } from "../agent-options.js";
import type { CommandMain } from "../command.js";
import { followRun } from "../follow-run.js";
import { parseCommand } from "../parse-command.js";
import { ttyApprovalHandler } from "../tty-approval.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art exec [options] "<task>"

Runs the agent on a task in a directory until it is done.

Options:
  -m, --model SPEC        openai:<model> | anthropic:<model> | openai-compatible:<model> | scripted:<file>
                          (default: $ART_MODEL, then config.toml's model)
      --base-url URL      API base URL (required for openai-compatible, e.g. http://localhost:11434/v1)
  -C, --cwd DIR           Workspace (default: current directory)
      --json              Print events as JSON lines on stdout, nothing else
      --sandbox MODE      read-only | workspace-write (default) | full-access
      --network MODE      none (default) | full
      --writable DIR      Extra writable directory (repeatable)
      --approval MODE     untrusted | on-request (default) | on-failure | never
      --rules FILE        Extra exec-policy rules: .toml (ours), .rules (Codex), .json (Claude settings)
      --no-checkpoints    Do not snapshot the workspace at each turn
  -h, --help              Show this help

Exit codes: 0 completed, 1 failed, 130 interrupted, 2 usage error.
`;

/** `art exec`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, SESSION_FLAGS, HELP, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const task = positionals.join(" ").trim();
  if (!task) throw new UsageError("Give the task as an argument.", "exec");
  const { options, cwd } = await agentOptionsFrom(values, io, "exec");
  if (!options.model) {
    throw new UsageError(
      "No model: pass --model (e.g. anthropic:claude-sonnet-4-5) or set ART_MODEL.",
      "exec",
    );
  }
  const agent = await Agent.create({
    ...options,
    ...(io.stdinIsTTY ? { onApproval: ttyApprovalHandler(io) } : {}),
  });
  try {
    return await followRun(agent.start(task, { cwd }), io, Boolean(values.json));
  } finally {
    await agent.close();
  }
};
