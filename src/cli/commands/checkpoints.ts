import { existsSync } from "node:fs";
import { CheckpointNotFoundError } from "../../checkpoint/index.js";
import { Runtime } from "../../runtime/index.js";
import type { CliIO, CommandMain } from "../command.js";
import { NEWEST_SESSION_FLAGS, workspacesAround } from "../newest-session.js";
import { parseCommand } from "../parse-command.js";
import { openSessionCheckpoints } from "../session-checkpoints.js";
import { parseCountFlag, turnNumber } from "../turn-number.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art checkpoints <session-id>|--last [--any-workspace] [--json]
       art checkpoints restore <checkpoint-id> [--any-workspace] [--json]
       art checkpoints prune [--older-than DAYS]

Lists a session's workspace checkpoints (one at the start and one at the end of every turn; turns are numbered
from 1), restores the workspace to a checkpoint by its id (the 12 characters shown are enough), or prunes the
checkpoints of sessions older than DAYS (default 30) in every workspace the journal knows, then runs git gc.

restore looks for the id in the workspaces of this directory (--any-workspace: in every workspace), snapshots the
current state first (so the restore can be undone the same way) and names the directory it changed.
--json lists checkpoints as stored: their "turn" is the 0-based turn index.
`;

/** `art checkpoints`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(
    args,
    { json: { type: "boolean" }, ...NEWEST_SESSION_FLAGS, "older-than": { type: "string" } },
    HELP,
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals[0] === "prune")
    return prune(io, parseCountFlag(values["older-than"], "--older-than", "checkpoints") ?? 30);
  if (positionals[0] === "restore") {
    const id = positionals[1];
    if (!id)
      throw new UsageError("Name the checkpoint to restore: art checkpoints restore <id>.", "checkpoints");
    return restore(io, id, { anyWorkspace: Boolean(values["any-workspace"]), json: Boolean(values.json) });
  }
  const opened = await openSessionCheckpoints(
    io,
    {
      sessionArg: positionals[0],
      last: Boolean(values.last),
      anyWorkspace: Boolean(values["any-workspace"]),
    },
    "checkpoints",
  );
  try {
    for (const item of opened.checkpoints) {
      io.stdout.write(
        values.json
          ? `${JSON.stringify(item)}\n`
          : `turn ${String(turnNumber(item.turn)).padStart(3)}  ${item.phase.padEnd(14)} ${item.checkpointId.slice(0, 12)}  ${item.createdAt}  ${item.changedFiles} changed${item.skippedCount ? `, ${item.skippedCount} skipped` : ""}\n`,
      );
    }
    if (opened.checkpoints.length === 0)
      io.stderr.write(`Session ${opened.sessionId} has no checkpoints in ${opened.cwd}.\n`);
    return 0;
  } finally {
    await opened.runtime.close();
  }
};

async function restore(
  io: CliIO,
  checkpointId: string,
  options: { anyWorkspace: boolean; json: boolean },
): Promise<number> {
  const runtime = await Runtime.open({ env: io.env });
  const { artHome } = runtime;
  try {
    const { Checkpointer } = await import("../../checkpoint/index.js");
    for (const workspace of await workspacesAround(runtime, io.cwd, options.anyWorkspace)) {
      if (!existsSync(workspace)) continue;
      const checkpointer = await Checkpointer.open({ workspace, artHome });
      const found = await checkpointer.find(checkpointId).catch((error: unknown) => {
        if ((error as { code?: unknown }).code === "checkpoint.not_found") return undefined;
        throw error;
      });
      if (!found) continue;
      const restored = await checkpointer.restore(found.checkpointId, { sessionId: found.sessionId });
      const undoId = restored.beforeRestore.checkpointId;
      if (options.json) {
        io.stdout.write(
          `${JSON.stringify({ sessionId: found.sessionId, cwd: workspace, restoredTo: found.checkpointId, undoCheckpoint: undoId, files: restored.files, kept: restored.kept })}\n`,
        );
        return 0;
      }
      for (const file of restored.files) io.stdout.write(`${file.status.padEnd(12)} ${file.path}\n`);
      io.stderr.write(
        `Restored ${restored.files.length} file(s) in ${workspace} to checkpoint ${found.checkpointId.slice(0, 12)} (${found.phase} of turn ${turnNumber(found.turn)} of ${found.sessionId}).\n` +
          (restored.kept.length
            ? `Left alone (not captured): ${restored.kept.map((item) => item.path).join(", ")}\n`
            : "") +
          `To undo this restore: art checkpoints restore ${undoId.slice(0, 12)}\n`,
      );
      return 0;
    }
    throw new CheckpointNotFoundError(checkpointId);
  } finally {
    await runtime.close();
  }
}

async function prune(io: CliIO, olderThanDays: number): Promise<number> {
  const runtime = await Runtime.open({ env: io.env });
  const { artHome } = runtime;
  try {
    const { Checkpointer } = await import("../../checkpoint/index.js");
    const workspaces = new Set((await runtime.sessions({ limit: 100_000 })).map((session) => session.cwd));
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
    await runtime.close();
  }
}
