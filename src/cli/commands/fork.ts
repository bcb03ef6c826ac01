import { Runtime } from "../../runtime/index.js";
import type { CommandMain } from "../command.js";
import { NEWEST_SESSION_FLAGS, NEWEST_SESSION_HELP, newestSession } from "../newest-session.js";
import { parseCommand } from "../parse-command.js";
import { parseTurnFlag, turnNumber } from "../turn-number.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art fork <session-id>|--last [--any-workspace] [--at-turn N] [--json]

Copies a session's conversation into a new session (files are not touched; see "art rewind" for that) and prints
the new session's id (with --json: {"sessionId", "forkedFrom", "atTurn"}, camelCase like every --json output;
atTurn there is the stored 0-based index). The fork keeps the session's journaled settings (model, sandbox,
approval, rule files' text, ...). With --at-turn N the copy stops before turn N (turns are numbered from 1), so a
follow-up replaces that turn:
  art resume <new-id> "do it differently"

${NEWEST_SESSION_HELP}`;

/** `art fork`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(
    args,
    { "at-turn": { type: "string" }, ...NEWEST_SESSION_FLAGS, json: { type: "boolean" } },
    HELP,
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const atTurn = parseTurnFlag(values["at-turn"], "--at-turn", "fork");
  const runtime = await Runtime.open({ env: io.env });
  try {
    const source = values.last
      ? (await newestSession(runtime, io.cwd, { anyWorkspace: Boolean(values["any-workspace"]) })).id
      : positionals[0];
    if (!source) throw new UsageError("Name the session to fork, or pass --last.", "fork");
    const turns = (await runtime.session(source))?.turns;
    // The library counts from 0; say the range in the numbers this flag takes.
    if (atTurn !== undefined && turns !== undefined && atTurn > turns)
      throw new UsageError(
        `Session ${source} has ${turns} turn(s): --at-turn takes 1 to ${turns + 1}; got ${turnNumber(atTurn)}.`,
        "fork",
      );
    const forkId = await runtime.fork(source, atTurn === undefined ? {} : { atTurn });
    io.stdout.write(
      values.json
        ? `${JSON.stringify({ sessionId: forkId, forkedFrom: source, atTurn: atTurn ?? null })}\n`
        : `${forkId}\n`,
    );
    io.stderr.write(
      `Forked ${source}${atTurn === undefined ? "" : ` before turn ${turnNumber(atTurn)}`}. Continue with: art resume ${forkId} "..."\n`,
    );
    return 0;
  } finally {
    await runtime.close();
  }
};
