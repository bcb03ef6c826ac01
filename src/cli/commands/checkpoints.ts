import { Agent, resolveArtHome } from "../../orchestrator/index.js";
import type { CommandMain } from "../command.js";
import { parseCommand } from "../parse-command.js";
import { openSessionCheckpoints } from "../session-checkpoints.js";
import { parseTurn } from "./fork.js";

const HELP = `Usage: art checkpoints <session-id>|--last [--json]
       art checkpoints prune [--older-than DAYS]

Lists a session's workspace checkpoints (one at the start and one at the end of every turn), or prunes the
checkpoints of sessions older than DAYS (default 30) in every workspace the journal knows, then runs git gc.
`;

/** `art checkpoints`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(
    args,
    {
      json: { type: "boolean" },
      last: { type: "boolean" },
      "older-than": { type: "string" },
    },
    HELP,
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals[0] === "prune")
    return prune(io, parseTurn(values["older-than"], "--older-than", "checkpoints") ?? 30);
  const opened = await openSessionCheckpoints(io, positionals[0], Boolean(values.last), "checkpoints");
  try {
    for (const item of opened.checkpoints) {
      io.stdout.write(
        values.json
          ? `${JSON.stringify(item)}\n`
          : `turn ${String(item.turn).padStart(3)}  ${item.phase.padEnd(14)} ${item.checkpointId.slice(0, 12)}  ${item.createdAt}  ${item.changedFiles} changed${item.skippedCount ? `, ${item.skippedCount} skipped` : ""}\n`,
      );
    }
    if (opened.checkpoints.length === 0) io.stderr.write(`Session ${opened.sessionId} has no checkpoints.\n`);
    return 0;
  } finally {
    await opened.agent.close();
  }
};

async function prune(io: Parameters<CommandMain>[1], olderThanDays: number): Promise<number> {
  const artHome = resolveArtHome(io.env);
  const agent = await Agent.create({ artHome, env: io.env });
  try {
    const { Checkpointer } = await import("../../checkpoint/index.js");
    const { existsSync } = await import("node:fs");
    const workspaces = new Set(agent.sessions({ limit: 100_000 }).map((session) => session.cwd));
    for (const workspace of workspaces) {
      if (!existsSync(workspace)) continue;
      const checkpointer = await Checkpointer.open({ workspace, artHome });
      const result = await checkpointer.prune({ olderThanDays });
      io.stdout.write(
        `${workspace}: removed ${result.checkpointsRemoved} checkpoints of ${result.sessionsRemoved.length} sessions; ${result.bytesBefore} → ${result.bytesAfter} bytes\n`,
      );
    }
    return 0;
  } finally {
    await agent.close();
  }
}
