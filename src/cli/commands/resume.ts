import { Agent } from "../../orchestrator/index.js";
import { agentOptionsFrom, SESSION_FLAGS } from "../agent-options.js";
import type { CommandMain } from "../command.js";
import { followRun } from "../follow-run.js";
import { NEWEST_SESSION_FLAGS, newestSession } from "../newest-session.js";
import { parseCommand } from "../parse-command.js";
import { ttyApprovalHandler } from "../tty-approval.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art resume <session-id> ["follow-up"]
       art resume --last ["follow-up"]

Continues a session from its journal: a turn cut off by a crash or Ctrl-C is finished (completed tool calls are
never run again; one that was running is reported to the model as interrupted); a follow-up starts a new turn.

Options:
      --last              The newest session of the current workspace (this directory or one above it)
      --any-workspace     With --last: the newest session anywhere
  -C, --cwd DIR           With --last: only sessions in this directory
      --json              Print events as JSON lines on stdout
  -h, --help              Show this help
`;

/** `art resume`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, { ...SESSION_FLAGS, ...NEWEST_SESSION_FLAGS }, HELP, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const { options, cwd } = await agentOptionsFrom(values, io, "resume");
  const agent = await Agent.create({
    ...options,
    ...(io.stdinIsTTY ? { onApproval: ttyApprovalHandler(io) } : {}),
  });
  try {
    let sessionId: string;
    let rest = positionals;
    if (values.last) {
      sessionId = values.cwd
        ? agent.lastSession(cwd).id
        : newestSession(agent, io.cwd, { anyWorkspace: Boolean(values["any-workspace"]) }).id;
    } else {
      const [id, ...others] = positionals;
      if (!id) throw new UsageError("Name the session to resume, or pass --last.", "resume");
      sessionId = id;
      rest = others;
    }
    const message = rest.join(" ").trim();
    return await followRun(agent.resume(sessionId, message ? { message } : {}), io, Boolean(values.json));
  } finally {
    await agent.close();
  }
};
