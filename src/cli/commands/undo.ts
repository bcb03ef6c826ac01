import { InvalidInputError } from "../../core/index.js";
import type { CommandMain } from "../command.js";
import { parseCommand } from "../parse-command.js";
import { openSessionCheckpoints, turnStart } from "../session-checkpoints.js";

const HELP = `Usage: art undo [<session-id>] [--json]

Reverts the files of the last turn of the last session (or of the named session) to how they were when that turn
started. The conversation is not changed; the state before the undo is snapshotted, so it can be restored.
`;

/** `art undo`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, { json: { type: "boolean" } }, HELP, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const opened = await openSessionCheckpoints(io, positionals[0], positionals[0] === undefined, "undo", {
    lastWithTurns: true,
  });
  try {
    const lastTurn = Math.max(
      -1,
      ...opened.checkpoints.filter((item) => item.phase !== "before-restore").map((item) => item.turn),
    );
    const target = lastTurn >= 0 ? turnStart(opened.checkpoints, lastTurn) : undefined;
    if (!target)
      throw new InvalidInputError(`Session ${opened.sessionId} has no turn checkpoint to undo to.`);
    const restored = await opened.checkpointer.restore(target.checkpointId, { sessionId: opened.sessionId });
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ session_id: opened.sessionId, turn: lastTurn, files: restored.files, undo_checkpoint: restored.beforeRestore.checkpointId })}\n`,
      );
    } else {
      for (const file of restored.files) io.stdout.write(`${file.status.padEnd(12)} ${file.path}\n`);
      io.stderr.write(
        `Reverted turn ${lastTurn} of ${opened.sessionId} (${restored.files.length} file(s)). The state before the undo is checkpoint ${restored.beforeRestore.checkpointId.slice(0, 12)}.\n`,
      );
    }
    return 0;
  } finally {
    await opened.agent.close();
  }
};
