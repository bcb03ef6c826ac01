import { ArtError } from "../core/index.js";
import type { AgentDefinition, Runtime } from "../runtime/index.js";
import type { SessionTask } from "./task.js";

/** What a finished session task stores: the end of its run, small enough for the queue row. */
export interface SessionTaskResult {
  sessionId: string;
  status: "completed" | "failed" | "interrupted" | "awaiting-approval";
  finalMessage: string;
}

async function hasTurn(runtime: Runtime, sessionId: string): Promise<boolean> {
  for await (const { event } of runtime.subscribe(sessionId)) if (event.type === "turn.started") return true;
  return false;
}

/**
 * Runs a session task under its fixed session id: a session the journal already has (the task was claimed
 * before, and its process died) is RESUMED, so tool calls it journaled are not repeated; only a task whose
 * session never started is run fresh.
 */
export async function runSessionTask(
  runtime: Runtime,
  agent: AgentDefinition,
  task: SessionTask,
  sessionId: string,
  cwd: string,
  signal: AbortSignal,
): Promise<SessionTaskResult> {
  const existing = await runtime.session(sessionId);
  let run: ReturnType<Runtime["run"]>;
  if (!existing) {
    run = runtime.run(agent, task.prompt, { sessionId, cwd: task.cwd ?? cwd, signal });
  } else {
    run = runtime.resume(sessionId, { agent, signal });
  }
  try {
    const result = await run.result;
    return { sessionId, status: result.status, finalMessage: result.finalMessage };
  } catch (error) {
    if (!(ArtError.isInstance(error) && error.code === "session.nothing_to_resume")) throw error;
    // Died after `session.started` but before the first turn: the prompt was never given, so give it now.
    if (!(await hasTurn(runtime, sessionId))) {
      const result = await runtime.resume(sessionId, { agent, signal, message: task.prompt }).result;
      return { sessionId, status: result.status, finalMessage: result.finalMessage };
    }
    // Its last turn finished before the process died: the run is done, only its queue row was not.
    return { sessionId, status: "completed", finalMessage: "" };
  }
}
