import type { Readable } from "node:stream";
import { defineAgent, Runtime } from "../../runtime/index.js";
import { agentFileNamed, withAgentFile } from "../agent-from-file.js";
import { agentFieldsFrom, SESSION_FLAGS } from "../agent-options.js";
import type { CommandMain } from "../command.js";
import { followRun } from "../follow-run.js";
import { handoffAgentsOf, handoffFieldsOf } from "../handoff-agents.js";
import { sessionMcpServers, startSessionMcp } from "../mcp-session.js";
import { readOutputSchema } from "../output-schema.js";
import { parseCommand } from "../parse-command.js";
import { subagentToolFor } from "../subagent-tool.js";
import { ttyApprovalHandler } from "../tty-approval.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art exec [options] "<task>"
       art exec [options] -          (reads the task from stdin)

Runs the agent on a task in a directory until it is done. The session id is printed when it starts and in the
last line (stderr); the final message goes to stdout.

Options:
  -m, --model SPEC        openai:<model> | anthropic:<model> | openai-compatible:<model> | scripted:<file>
                          (default: $ART_MODEL, then config.toml's model)
      --base-url URL      API base URL (required for openai-compatible, e.g. http://localhost:11434/v1)
  -C, --cwd DIR           Workspace (default: current directory)
      --json              Print events as JSON lines on stdout, then a "result" line (docs/json-output.md)
      --output-last-message FILE  Write the final message to FILE
      --output-schema FILE        The final message must be JSON valid against this JSON Schema (passed to the
                                  model as its response format where the provider supports one)
      --sandbox MODE      read-only | workspace-write (default) | full-access
      --network MODE      none (default) | full
      --writable DIR      Extra writable directory (repeatable)
      --approval MODE     untrusted | on-request (default) | on-failure | never
      --rules FILE        Extra exec-policy rules: .toml (ours), .rules (Codex), .json (Claude settings)
      --agent NAME        Run as the agent NAME from .art/agents, .claude/agents or $ART_HOME/agents ("art agents");
                          it may only make sandbox, network, approval and writable roots stricter
      --no-checkpoints    Do not snapshot the workspace at each turn
  -h, --help              Show this help

Everything that governs the session (model, sandbox, approval, the text of every rule file, checkpoints, the
child environment from config.toml) is journaled when it starts; "art resume" runs under exactly that.

Exit codes: 0 completed, 1 failed, 2 usage error, 129 SIGHUP, 130 interrupted (Ctrl-C), 141 stdout closed,
143 SIGTERM.
`;

async function readAll(stream: Readable): Promise<string> {
  let text = "";
  for await (const chunk of stream)
    text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
  return text;
}

/** `art exec`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, { ...SESSION_FLAGS, agent: { type: "string" } }, HELP, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const fromStdin = positionals.length === 1 && positionals[0] === "-";
  const task = fromStdin ? (await readAll(io.stdin)).trim() : positionals.join(" ").trim();
  if (!task) {
    throw new UsageError(
      fromStdin ? "The task read from stdin is empty." : "Give the task as an argument.",
      "exec",
    );
  }
  const base = await agentFieldsFrom(values, io, "exec");
  const { cwd, artHome, loaded } = base;
  const agentFile = values.agent ? await agentFileNamed(values.agent, cwd, artHome) : undefined;
  const fields = agentFile ? withAgentFile(base.fields, agentFile, values, cwd) : base.fields;
  const { model } = fields;
  if (!model) {
    throw new UsageError(
      "No model: pass --model (e.g. anthropic:claude-sonnet-4-5) or set ART_MODEL.",
      "exec",
    );
  }
  const outputSchema = values["output-schema"] ? readOutputSchema(values["output-schema"]) : undefined;
  // Started before the session: a required server that fails stops it before anything is journaled.
  const mcp = await startSessionMcp(
    sessionMcpServers(loaded, io),
    { fields, cwd, artHome, toolTokenBudget: loaded.config.mcp_tool_token_budget },
    io,
  );
  const runtime = await Runtime.open({ artHome, env: io.env }).catch(async (error: unknown) => {
    await mcp.close();
    throw error;
  });
  const onApproval = io.stdinIsTTY && !fromStdin ? ttyApprovalHandler(io) : undefined;
  // An agent file that lists its tools gets spawn_agent only when it names it.
  const spawn =
    agentFile?.tools && !agentFile.tools.includes("spawn_agent")
      ? undefined
      : await subagentToolFor(runtime, cwd, onApproval).catch(async (error: unknown) => {
          await runtime.close();
          await mcp.close();
          throw error;
        });
  const extra = [...(fields.tools?.extra ?? []), ...mcp.tools, ...(spawn ? [spawn] : [])];
  try {
    const agent = defineAgent({
      ...fields,
      name: agentFile?.name ?? "art",
      model,
      ...(extra.length ? { tools: { ...fields.tools, extra } } : {}),
      ...(agentFile ? handoffFieldsOf(agentFile) : {}),
    });
    const agents = agentFile
      ? await handoffAgentsOf(agentFile, { ...base.fields, model }, cwd, artHome, spawn)
      : [];
    const run = runtime.run(agent, task, {
      cwd,
      ...(agents.length ? { agents } : {}),
      // Stdin that carried the task cannot also answer approvals.
      ...(onApproval ? { onApproval } : {}),
      ...(outputSchema ? { outputSchema: outputSchema.schema } : {}),
    });
    return await followRun(run, io, {
      json: Boolean(values.json),
      ...(values["output-last-message"] ? { outputLastMessage: values["output-last-message"] } : {}),
      ...(outputSchema ? { outputSchema } : {}),
    });
  } finally {
    await runtime.close();
    await mcp.close();
  }
};
