import type { AgentEvent } from "../core/index.js";
import { InvalidInputError, newId } from "../core/index.js";
import type { Journal } from "../store/index.js";
import { LiveSession } from "./live-session.js";
import { recoverInterruptedCalls } from "./recovery.js";
import { SessionNotFoundError } from "./session-errors.js";
import { loadState } from "./session-state.js";

/**
 * Copies a session's journal up to the start of turn `atTurn` (0-based; default: all of it) into a new session and
 * returns the new id. Settings travel with the copy: `session.started` and every `settings.changed` before the cut,
 * so the fork runs under exactly the rules, sandbox and model the original had at that point.
 */
export async function forkSession(
  journal: Journal,
  sessionId: string,
  options: { atTurn?: number } = {},
): Promise<string> {
  if (!(await journal.getSession(sessionId))) throw new SessionNotFoundError(`with id "${sessionId}"`);
  const events: AgentEvent[] = [];
  let turns = 0;
  for await (const { event } of journal.read(sessionId)) {
    if (event.type === "turn.started") {
      if (options.atTurn !== undefined && event.turn >= options.atTurn) break;
      turns++;
    }
    if (event.type === "session.started") {
      events.push({ ...event, forkedFrom: { sessionId, turn: options.atTurn ?? turns } });
    } else if (event.type !== "session.ended") {
      events.push(event);
    }
  }
  if (options.atTurn !== undefined && options.atTurn > turns) {
    throw new InvalidInputError(
      `Session ${sessionId} has ${turns} turns; cannot fork at turn ${options.atTurn}.`,
    );
  }
  const forkId = newId("ses_");
  const writer = await journal.acquire(forkId);
  writer.append(events);
  // A fork cut in the middle of a turn would look like a crash; close that turn explicitly.
  const state = await loadState(forkId, journal.read(forkId));
  const last = state.turns.at(-1);
  if (last?.status === "running") {
    const session = new LiveSession(state, journal, writer);
    await recoverInterruptedCalls(session);
    session.append({ type: "turn.interrupted", turnId: last.turnId, reason: "forked here" });
  }
  // Closed as `forked` (not yet run), so it never looks like a crashed run.
  writer.append([{ type: "session.ended", reason: "forked" }]);
  await writer.flush();
  return forkId;
}
