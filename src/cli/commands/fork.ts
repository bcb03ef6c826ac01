import { Agent, resolveArtHome } from "../../orchestrator/index.js";
import type { CommandMain } from "../command.js";
import { parseCommand } from "../parse-command.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art fork <session-id>|--last [--at-turn N] [--json]

Copies a session's conversation into a new session (files are not touched; see "art rewind" for that) and prints
the new session's id (with --json: {"sessionId", "forkedFrom", "atTurn"}, camelCase like every --json output).
The fork keeps the session's journaled settings (model, sandbox, approval, rule files' text, ...). With --at-turn N the copy stops before turn N (0-based), so a follow-up replaces that turn:
  art resume <new-id> "do it differently"
`;

/** Parses a non-negative turn number flag. */
export function parseTurn(value: string | undefined, flag: string, command: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UsageError(`${flag} takes a turn number (0, 1, ...); got "${value}".`, command);
  return Number(value);
}

/** `art fork`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(
    args,
    { "at-turn": { type: "string" }, last: { type: "boolean" }, json: { type: "boolean" } },
    HELP,
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const atTurn = parseTurn(values["at-turn"], "--at-turn", "fork");
  const agent = await Agent.create({ artHome: resolveArtHome(io.env), env: io.env });
  try {
    const source = values.last ? agent.lastSession().id : positionals[0];
    if (!source) throw new UsageError("Name the session to fork, or pass --last.", "fork");
    const forkId = await agent.fork(source, atTurn === undefined ? {} : { atTurn });
    io.stdout.write(
      values.json
        ? `${JSON.stringify({ sessionId: forkId, forkedFrom: source, atTurn: atTurn ?? null })}\n`
        : `${forkId}\n`,
    );
    io.stderr.write(
      `Forked ${source}${atTurn === undefined ? "" : ` at turn ${atTurn}`}. Continue with: art resume ${forkId} "..."\n`,
    );
    return 0;
  } finally {
    await agent.close();
  }
};
