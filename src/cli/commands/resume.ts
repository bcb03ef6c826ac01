import { type ApprovalHandler, loadState, type SettingsChange } from "../../orchestrator/index.js";
import { Runtime } from "../../runtime/index.js";
import type { Tool } from "../../tools/index.js";
import { resumeOptionsFrom, SESSION_FLAGS } from "../agent-options.js";
import type { CliIO, CommandMain } from "../command.js";
import { followRun } from "../follow-run.js";
import { resumeSessionMcp } from "../mcp-session.js";
import { lastSessionIn, NEWEST_SESSION_FLAGS, newestSession } from "../newest-session.js";
import { readOutputSchema } from "../output-schema.js";
import { parseCommand } from "../parse-command.js";
import { subagentToolFor } from "../subagent-tool.js";
import { ttyApprovalHandler } from "../tty-approval.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art resume <session-id> ["follow-up"]
       art resume --last ["follow-up"]

Continues a session from its journal: a turn cut off by a crash or Ctrl-C is finished (completed tool calls are
never run again; one that was running is reported to the model as interrupted); a follow-up starts a new turn.

The session runs under its own journaled settings: its model, sandbox, approval mode, rule files (their text as
they were read), checkpoint setting and child environment. $ART_MODEL and config.toml do not change them.

Options:
      --last              The newest session of the current workspace (this directory or one above it)
      --any-workspace     With --last: the newest session anywhere
  -C, --cwd DIR           With --last: only sessions in this directory
      --json              Print events as JSON lines on stdout (see docs/json-output.md)
      --output-last-message FILE  Write the final message to FILE
      --output-schema FILE        The final message must be JSON valid against this JSON Schema
  -h, --help              Show this help

Settings this run changes (each change is journaled as settings.changed and applies from now on):
  -m, --model SPEC        Another model (checked before anything is journaled)
      --base-url URL      Another API base URL
      --sandbox MODE      read-only | workspace-write | full-access
      --network MODE      none | full
      --writable DIR      Replace the extra writable directories (repeatable)
      --approval MODE     untrusted | on-request | on-failure | never
      --rules FILE        Add a rule file (its text is journaled; repeatable)
      --no-checkpoints    Stop snapshotting the workspace at each turn
      --checkpoints       Snapshot the workspace at each turn again

Exit codes: 0 completed, 1 failed, 2 usage error, 129 SIGHUP, 130 interrupted (Ctrl-C), 141 stdout closed,
143 SIGTERM.
`;

/** `spawn_agent` for a session whose journaled definition offers it, from the agent files of its workspace. */
async function resumedSpawnTool(
  runtime: Runtime,
  sessionId: string,
  onApproval: ApprovalHandler | undefined,
): Promise<Tool<unknown> | undefined> {
  const summary = await runtime.session(sessionId);
  if (!summary) return undefined; // resume reports the missing session itself
  return subagentToolFor(runtime, summary.cwd, onApproval);
}

/** `art resume`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(
    args,
    { ...SESSION_FLAGS, ...NEWEST_SESSION_FLAGS, checkpoints: { type: "boolean" } },
    HELP,
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const { legacy, cwd, artHome, settings, modelIdleTimeoutSec } = await resumeOptionsFrom(values, io);
  const runtime = await Runtime.open({ artHome, env: io.env });
  let mcp: { tools: Tool[]; close(): Promise<void> } | undefined;
  try {
    let sessionId: string;
    let rest = positionals;
    if (values.last) {
      sessionId = values.cwd
        ? await lastSessionIn(runtime, cwd)
        : (await newestSession(runtime, io.cwd, { anyWorkspace: Boolean(values["any-workspace"]) })).id;
    } else {
      const [id, ...others] = positionals;
      if (!id) throw new UsageError("Name the session to resume, or pass --last.", "resume");
      sessionId = id;
      rest = others;
    }
    const message = rest.join(" ").trim();
    const outputSchema = values["output-schema"] ? readOutputSchema(values["output-schema"]) : undefined;
    const onApproval = io.stdinIsTTY ? ttyApprovalHandler(io) : undefined;
    const spawn = await resumedSpawnTool(runtime, sessionId, onApproval);
    mcp = await reattachMcp(runtime, sessionId, settings, artHome, io);
    // Implementations of the journaled tools that are not built-ins: spawn_agent, and the MCP servers' again.
    const own: Tool<unknown>[] = [...(spawn ? [spawn] : []), ...mcp.tools];
    const run = runtime.resume(sessionId, {
      ...(own.length ? { tools: own } : {}),
      ...(message ? { message } : {}),
      settings,
      legacy,
      ...(modelIdleTimeoutSec !== undefined ? { modelIdleTimeoutSec } : {}),
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
    await mcp?.close();
  }
};

/** The session's MCP servers again, when its journaled tools include theirs (see `resumeSessionMcp`). */
async function reattachMcp(
  runtime: Runtime,
  sessionId: string,
  settings: SettingsChange,
  artHome: string,
  io: CliIO,
): Promise<{ tools: Tool[]; close(): Promise<void> }> {
  if (!(await runtime.session(sessionId))) return { tools: [], close: async () => undefined };
  const state = await loadState(sessionId, runtime.subscribe(sessionId));
  const journaled = state.settings;
  return resumeSessionMcp(
    {
      toolNames: state.definition?.tools.map((tool) => tool.name) ?? [],
      cwd: state.cwd,
      artHome,
      fields: {
        sandbox: settings.sandbox ?? journaled.sandbox,
        network: settings.network ?? journaled.network,
        writableRoots: settings.writableRoots ?? journaled.writableRoots,
      },
    },
    io,
  );
}
