import { GraphError } from "../graph/index.js";
import type { Agent } from "../orchestrator/index.js";
import { advancePosition, type SessionPosition, startPosition } from "./session-position.js";

async function positionOf(agent: Agent, sessionId: string): Promise<SessionPosition | undefined> {
  if (!(await agent.session(sessionId))) return undefined;
  const position = startPosition();
  for await (const { event } of agent.events(sessionId)) advancePosition(position, event);
  return position;
}

/**
 * Gives the supervisor's session its `after`+1-th turn (on `message`) and returns its reply — exactly once: when
 * the journal shows that turn already began (the process died after it, before the graph saved the round), the
 * turn is finished or its reply reused, and the message is not given twice.
 */
export async function supervisorTurn(
  agent: Agent,
  sessionId: string,
  after: number,
  message: string,
  options: { cwd?: string; signal: AbortSignal },
): Promise<{ text: string; turns: number }> {
  const position = await positionOf(agent, sessionId);
  let run: ReturnType<Agent["start"]>;
  if (!position) {
    run = agent.start(message, {
      sessionId,
      signal: options.signal,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
  } else if (position.turns > after) {
    if (position.lastCompleted) return { text: position.lastText, turns: position.turns };
    run = agent.resume(sessionId, { signal: options.signal });
  } else {
    run = agent.resume(sessionId, { signal: options.signal, message });
  }
  const result = await run.result;
  if (result.status !== "completed")
    throw new GraphError(
      "SupervisorError",
      "team.supervisor_failed",
      `The supervisor's session ${sessionId} ended ${result.status}${result.error ? `: ${result.error.message}` : ""}. Resume the graph to continue it.`,
    );
  const now = await positionOf(agent, sessionId);
  return { text: result.finalMessage, turns: now?.turns ?? after + 1 };
}
