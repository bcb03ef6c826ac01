import { Runtime } from "../../runtime/index.js";
import type { CommandMain } from "../command.js";
import { parseCommand } from "../parse-command.js";
import { sessionTree } from "../session-tree.js";

const HELP = `Usage: art sessions [--json] [--limit N] [--cwd DIR]

Lists sessions, newest first, with their status: running (a live process is running it), completed, failed,
interrupted (its process stopped or crashed: continue it with "art resume ID"), cancelled, or forked (a fork not
run yet).
`;

function age(ms: number): string {
  const seconds = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86400)}d ago`;
}

/** `art sessions`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(
    args,
    {
      json: { type: "boolean" },
      limit: { type: "string" },
      cwd: { type: "string" },
    },
    HELP,
    io,
  );
  if (!parsed) return 0;
  const { values } = parsed;
  const runtime = await Runtime.open({ env: io.env });
  try {
    const limit = values.limit ? Number(values.limit) : 50;
    const sessions = await runtime.sessions({ limit, ...(values.cwd ? { cwd: values.cwd } : {}) });
    if (values.json) {
      for (const session of sessions) io.stdout.write(`${JSON.stringify(session)}\n`);
      return 0;
    }
    if (sessions.length === 0) {
      io.stderr.write('No sessions yet. Start one with: art exec --model SPEC "task"\n');
      return 0;
    }
    // Sub-agents (and forks) right under the session that started them, indented.
    for (const { session, depth } of sessionTree(sessions)) {
      io.stdout.write(
        `${"  ".repeat(depth)}${depth > 0 ? "└ " : ""}${session.id}  ${session.status.padEnd(11)} ${String(session.turns).padStart(3)} ${session.turns === 1 ? "turn " : "turns"}  ${age(session.updatedAt).padStart(8)}  ${session.cwd}  ${session.title}\n`,
      );
    }
    // A session nobody runs any more (its process crashed or was stopped) is continued with resume.
    for (const session of sessions.filter((item) => item.status === "interrupted")) {
      io.stderr.write(`${session.id} was interrupted; continue it with: art resume ${session.id}\n`);
    }
    return 0;
  } finally {
    await runtime.close();
  }
};
