import { restoredCheckpointOf } from "../../checkpoint/index.js";
import { InvalidInputError } from "../../core/index.js";
import type { CommandMain } from "../command.js";
import { NEWEST_SESSION_FLAGS } from "../newest-session.js";
import { parseCommand } from "../parse-command.js";
import { openSessionCheckpoints, turnStart } from "../session-checkpoints.js";
import { turnNumber } from "../turn-number.js";

const HELP = `Usage: art undo [<session-id>] [--any-workspace] [--json]

Reverts the files of the last turn of the newest session of the current workspace (this directory or one above
it; --any-workspace: of any directory), or of the named session, to how they were when that turn started. The
conversation is not changed. The state before the undo is snapshotted first: the message names that checkpoint,
and "art checkpoints restore <id>" brings the turn's changes back. Undoing a turn that is already undone says so
and changes nothing.
`;

/** `art undo`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(
    args,
    { json: { type: "boolean" }, "any-workspace": NEWEST_SESSION_FLAGS["any-workspace"] },
    HELP,
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const opened = await openSessionCheckpoints(
    io,
    {
      sessionArg: positionals[0],
      last: positionals[0] === undefined,
      anyWorkspace: Boolean(values["any-workspace"]),
      withTurns: true,
    },
    "undo",
  );
  try {
    const turns = opened.checkpoints.filter((item) => item.phase !== "before-restore");
    const lastTurn = Math.max(-1, ...turns.map((item) => item.turn));
    const target = lastTurn >= 0 ? turnStart(opened.checkpoints, lastTurn) : undefined;
    if (!target)
      throw new InvalidInputError(`Session ${opened.sessionId} has no turn checkpoint to undo to.`);
    const turn = `turn ${turnNumber(lastTurn)} of ${opened.sessionId}`;
    // The turn stands undone when the newest restore of it went back to its start (a redo through "art checkpoints
    // restore" would be newer and restore something else) and that restore finished: it moves the store's HEAD to
    // its target last, so an undo killed halfway is done again rather than reported as done.
    const newestRestore = opened.checkpoints
      .filter((item) => item.turn === lastTurn && item.phase === "before-restore")
      .at(-1);
    if (
      newestRestore &&
      restoredCheckpointOf(newestRestore) === target.checkpointId &&
      (await opened.checkpointer.head()) === target.checkpointId
    ) {
      if (values.json) {
        io.stdout.write(
          `${JSON.stringify({ sessionId: opened.sessionId, turn: lastTurn, cwd: opened.cwd, alreadyUndone: true, files: [], undoCheckpoint: newestRestore.checkpointId })}\n`,
        );
      }
      io.stderr.write(
        `In ${opened.cwd}, ${turn} is already undone; nothing was changed. To bring its changes back: art checkpoints restore ${newestRestore.checkpointId.slice(0, 12)}\n`,
      );
      return 0;
    }
    const restored = await opened.checkpointer.restore(target.checkpointId, { sessionId: opened.sessionId });
    const undoId = restored.beforeRestore.checkpointId;
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ sessionId: opened.sessionId, turn: lastTurn, cwd: opened.cwd, files: restored.files, undoCheckpoint: undoId })}\n`,
      );
    } else {
      for (const file of restored.files) io.stdout.write(`${file.status.padEnd(12)} ${file.path}\n`);
      io.stderr.write(
        `Reverted ${restored.files.length} file(s) in ${opened.cwd}: ${turn} is undone. To bring its changes back: art checkpoints restore ${undoId.slice(0, 12)}\n`,
      );
    }
    return 0;
  } finally {
    await opened.runtime.close();
  }
};
