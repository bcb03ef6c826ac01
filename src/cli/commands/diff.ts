import type { CommandMain } from "../command.js";
import { NEWEST_SESSION_FLAGS, NEWEST_SESSION_HELP } from "../newest-session.js";
import { parseCommand } from "../parse-command.js";
import { openSessionCheckpoints, requireTurnStart, turnEnd } from "../session-checkpoints.js";
import { parseTurnFlag } from "../turn-number.js";

const HELP = `Usage: art diff <session-id>|--last [--any-workspace] [--turn N] [--stat] [--json]

Shows what a session changed in its workspace, as a unified diff: from the start of its first turn to the files as
they are now, or with --turn N what turn N changed (its start to its end; turns are numbered from 1). Captures
everything the checkpoints capture, including what shell commands changed.

${NEWEST_SESSION_HELP}`;

/** `art diff`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(
    args,
    {
      turn: { type: "string" },
      stat: { type: "boolean" },
      json: { type: "boolean" },
      ...NEWEST_SESSION_FLAGS,
    },
    HELP,
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const turn = parseTurnFlag(values.turn, "--turn", "diff");
  const opened = await openSessionCheckpoints(
    io,
    {
      sessionArg: positionals[0],
      last: Boolean(values.last),
      anyWorkspace: Boolean(values["any-workspace"]),
    },
    "diff",
  );
  try {
    const from = requireTurnStart(opened, turn ?? 0);
    const to = turn === undefined ? undefined : turnEnd(opened.checkpoints, turn);
    const diff = await opened.checkpointer.diff(from.checkpointId, to?.checkpointId);
    if (values.json) io.stdout.write(`${JSON.stringify(diff)}\n`);
    else if (values.stat)
      for (const file of diff.files) io.stdout.write(`${file.status.padEnd(12)} ${file.path}\n`);
    else io.stdout.write(diff.patch);
    if (diff.files.length === 0) io.stderr.write("No changes.\n");
    return 0;
  } finally {
    await opened.runtime.close();
  }
};
