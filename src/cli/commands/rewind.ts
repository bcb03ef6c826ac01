import { InvalidInputError } from "../../core/index.js";
import { NoTurnCheckpointError, Runtime } from "../../runtime/index.js";
import type { CommandMain } from "../command.js";
import { NEWEST_SESSION_FLAGS, NEWEST_SESSION_HELP, newestSession } from "../newest-session.js";
import { parseCommand } from "../parse-command.js";
import { parseTurnFlag, turnNumber } from "../turn-number.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art rewind <session-id>|--last [--any-workspace] --to-turn N [--json]

Puts the workspace's files back as they were at the start of turn N (turns are numbered from 1, as "art
checkpoints" lists them) and forks the conversation at that turn into a new session, whose id is printed: continue
it with  art resume <new-id> "...".
Only what checkpoints capture is changed (ignored and excluded paths are left alone), and the current state is
snapshotted first, so the rewind itself can be undone: art checkpoints restore <id>, with the id it prints.

${NEWEST_SESSION_HELP}`;

/** `art rewind`: the runtime's rewind, printed. */
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
  const runtime = await Runtime.open({ env: io.env });
  try {
    const sessionId = values.last
      ? (await newestSession(runtime, io.cwd, { anyWorkspace: Boolean(values["any-workspace"]) })).id
      : positionals[0];
    if (!sessionId) throw new UsageError('Name the session (see "art sessions"), or pass --last.', "rewind");
    const rewound = await runtime.rewind(sessionId, { toTurn: turn }).catch((error: unknown) => {
      if (!(error instanceof NoTurnCheckpointError)) throw error;
      // Said in the turn numbers the CLI shows, from 1.
      throw new InvalidInputError(
        `Session ${sessionId} has no checkpoint at the start of turn ${turnNumber(turn)}.`,
        { hint: `Run "art checkpoints ${sessionId}" to see the turns it has checkpoints for.` },
      );
    });
    if (values.json) {
      const { sessionId: forkId, forkedFrom, restoredTo, undoCheckpoint, files, kept } = rewound;
      io.stdout.write(
        `${JSON.stringify({ sessionId: forkId, forkedFrom, turn, restoredTo, undoCheckpoint, files, kept })}\n`,
      );
    } else {
      io.stdout.write(`${rewound.sessionId}\n`);
      io.stderr.write(
        `Restored ${rewound.files.length} file(s) in ${rewound.cwd} to the start of turn ${turnNumber(turn)} of ${sessionId}.\n` +
          (rewound.kept.length
            ? `Left alone (not captured): ${rewound.kept.map((item) => item.path).join(", ")}\n`
            : "") +
          `Conversation forked as ${rewound.sessionId}: art resume ${rewound.sessionId} "..."\n` +
          `To undo the file changes: art checkpoints restore ${rewound.undoCheckpoint.slice(0, 12)}\n`,
      );
    }
    return 0;
  } finally {
    await runtime.close();
  }
};
