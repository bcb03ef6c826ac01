import type { CommandMain } from "../command.js";
import { NEWEST_SESSION_FLAGS, NEWEST_SESSION_HELP } from "../newest-session.js";
import { parseCommand } from "../parse-command.js";
import { openSessionCheckpoints, requireTurnStart } from "../session-checkpoints.js";
import { parseTurnFlag, turnNumber } from "../turn-number.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art rewind <session-id>|--last [--any-workspace] --to-turn N [--json]

Puts the workspace's files back as they were at the start of turn N (turns are numbered from 1, as "art
checkpoints" lists them) and forks the conversation at that turn into a new session, whose id is printed: continue
it with  art resume <new-id> "...".
Only what checkpoints capture is changed (ignored and excluded paths are left alone), and the current state is
snapshotted first, so the rewind itself can be undone: art checkpoints restore <id>, with the id it prints.

${NEWEST_SESSION_HELP}`;

/** `art rewind`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(
    args,
    {
      "to-turn": { type: "string" },
      json: { type: "boolean" },
      ...NEWEST_SESSION_FLAGS,
    },
    HELP,
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const turn = parseTurnFlag(values["to-turn"], "--to-turn", "rewind");
  if (turn === undefined) throw new UsageError("Say which turn to go back to with --to-turn N.", "rewind");
  const opened = await openSessionCheckpoints(
    io,
    {
      sessionArg: positionals[0],
      last: Boolean(values.last),
      anyWorkspace: Boolean(values["any-workspace"]),
    },
    "rewind",
  );
  try {
    const target = requireTurnStart(opened, turn);
    const restored = await opened.checkpointer.restore(target.checkpointId, { sessionId: opened.sessionId });
    const forkId = await opened.agent.fork(opened.sessionId, { atTurn: turn });
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ sessionId: forkId, forkedFrom: opened.sessionId, turn, restoredTo: restored.restoredTo, undoCheckpoint: restored.beforeRestore.checkpointId, files: restored.files, kept: restored.kept })}\n`,
      );
    } else {
      io.stdout.write(`${forkId}\n`);
      io.stderr.write(
        `Restored ${restored.files.length} file(s) in ${opened.cwd} to the start of turn ${turnNumber(turn)} of ${opened.sessionId}.\n` +
          (restored.kept.length
            ? `Left alone (not captured): ${restored.kept.map((item) => item.path).join(", ")}\n`
            : "") +
          `Conversation forked as ${forkId}: art resume ${forkId} "..."\n` +
          `To undo the file changes: art checkpoints restore ${restored.beforeRestore.checkpointId.slice(0, 12)}\n`,
      );
    }
    return 0;
  } finally {
    await opened.agent.close();
  }
};
