import { GraphError } from "../graph/index.js";
import type { AgentDefinition, Runtime } from "../runtime/index.js";
import { advancePosition, type SessionPosition, startPosition } from "./session-position.js";

/** Where the swarm's session stands, and the agent that has it: its definition's, or the last handoff's target. */
interface SwarmPosition extends SessionPosition {
  active: string;
}

async function positionOf(runtime: Runtime, sessionId: string): Promise<SwarmPosition | undefined> {
  if (!(await runtime.session(sessionId))) return undefined;
  const position: SwarmPosition = { ...startPosition(), active: "" };
  for await (const { event } of runtime.subscribe(sessionId)) {
    if (event.type === "session.started") position.active = event.definition?.name ?? "";
    else if (event.type === "definition.changed") position.active = event.definition.name;
    else if (event.type === "agent.handoff") position.active = event.to;
    else advancePosition(position, event);
  }
  return position;
}

/** What one message to the swarm needs. */
export interface SwarmTurnRequest {
  runtime: Runtime;
  sessionId: string;
  /** Turns the graph's state says the session has had (the message is turn `after`+1). */
  after: number;
  message: string;
  /** The agent that answers when the session does not exist yet (the state's active agent). */
  first: AgentDefinition;
  agents: readonly AgentDefinition[];
  cwd?: string;
  signal: AbortSignal;
}

/**
 * Gives the swarm's one session its next turn on `message` and returns the reply and who has the session after
 * it — exactly once: when the journal shows that turn already began (the process died after it, before the graph
 * saved), the turn is finished or its reply reused, and the message is not given twice. The session itself knows
 * its active agent (handoffs are journaled), so the turn starts with the agent that answered last.
 */
export async function swarmTurn(
  request: SwarmTurnRequest,
): Promise<{ text: string; turns: number; active: string }> {
  const { runtime, sessionId, agents, signal } = request;
  const position = await positionOf(runtime, sessionId);
  let run: ReturnType<Runtime["run"]>;
  if (!position) {
    run = runtime.run(request.first, request.message, {
      sessionId,
      agents,
      signal,
      ...(request.cwd ? { cwd: request.cwd } : {}),
    });
  } else if (position.turns > request.after) {
    if (position.lastCompleted)
      return { text: position.lastText, turns: position.turns, active: position.active };
    run = runtime.resume(sessionId, { agents, signal });
  } else {
    run = runtime.resume(sessionId, { agents, signal, message: request.message });
  }
  const result = await run.result;
  if (result.status !== "completed")
    throw new GraphError(
      "SwarmError",
      "team.swarm_failed",
      `The swarm's session ${sessionId} ended ${result.status}${result.error ? `: ${result.error.message}` : ""}. Invoke the graph again to continue it.`,
    );
  const now = await positionOf(runtime, sessionId);
  return {
    text: result.finalMessage,
    turns: now?.turns ?? request.after + 1,
    active: now?.active ?? request.first.name,
  };
}
