import type { CommandMain } from "../command.js";
import { parseCommand } from "../parse-command.js";
import { openSessionCheckpoints, requireTurnStart } from "../session-checkpoints.js";
import { UsageError } from "../usage-error.js";
import { parseTurn } from "./fork.js";

const HELP = `Usage: art rewind <session-id>|--last --to-turn N [--json]

Puts the workspace's files back as they were at the start of turn N (0-based) and forks the conversation at that
turn into a new session, whose id is printed: continue it with  art resume <new-id> "...".
Only what checkpoints capture is changed (ignored and excluded paths are left alone), and the current state is
snapshotted first, so the rewind itself can be undone (see "art checkpoints").
`;

/** `art rewind`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(
    args,
    {
      "to-turn": { type: "string" },
      json: { type: "boolean" },
      last: { type: "boolean" },
    },
    HELP,
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const turn = parseTurn(values["to-turn"], "--to-turn", "rewind");
  if (turn === undefined) throw new UsageError("Say which turn to go back to with --to-turn N.", "rewind");
  const opened = await openSessionCheckpoints(io, positionals[0], Boolean(values.last), "rewind");
  try {
    const target = requireTurnStart(opened, turn);
    const restored = await opened.checkpointer.restore(target.checkpointId, { sessionId: opened.sessionId });
    const forkId = await opened.agent.fork(opened.sessionId, { atTurn: turn });
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ session_id: forkId, forked_from: opened.sessionId, turn, restored_to: restored.restoredTo, undo_checkpoint: restored.beforeRestore.checkpointId, files: restored.files, kept: restored.kept })}\n`,
      );
    } else {
      io.stdout.write(`${forkId}\n`);
      io.stderr.write(
        `Restored ${restored.files.length} file(s) in ${opened.cwd} to the start of turn ${turn}.\n` +
          (restored.kept.length
            ? `Left alone (not captured): ${restored.kept.map((item) => item.path).join(", ")}\n`
            : "") +
          `Conversation forked as ${forkId}: art resume ${forkId} "..."\n` +
          `The state before this rewind is checkpoint ${restored.beforeRestore.checkpointId.slice(0, 12)}.\n`,
      );
    }
    return 0;
  } finally {
    await opened.agent.close();
  }
};
