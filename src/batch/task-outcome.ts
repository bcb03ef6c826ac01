import type { AgentEvent } from "../core/index.js";
import type { Runtime } from "../runtime/index.js";

/** What the summary reports of one task's session, read back from its journal. */
export interface TaskOutcome {
  /** Time spent in turns (a run stopped and resumed does not count the pause). */
  durationMs: number;
  /** Input plus output tokens of every turn. */
  tokens: number;
  filesChanged: string[];
  finalMessage: string;
}

/** Reads a finished task's numbers from its session's journal. */
export async function taskOutcome(runtime: Runtime, sessionId: string): Promise<TaskOutcome> {
  let durationMs = 0;
  let tokens = 0;
  let turnStart: number | undefined;
  let finalMessage = "";
  const events: { event: AgentEvent }[] = [];
  for await (const stored of runtime.subscribe(sessionId)) {
    events.push(stored);
    const { event, time } = stored;
    if (event.type === "turn.started") turnStart = time;
    else if (event.type === "message.completed") finalMessage = event.text;
    else if (event.type === "turn.completed" || event.type === "session.ended") {
      if (event.type === "turn.completed") tokens += event.usage.inputTokens + event.usage.outputTokens;
      if (turnStart !== undefined) durationMs += time - turnStart;
      turnStart = undefined;
    }
  }
  const { filesChangedBy } = await import("../checkpoint/index.js");
  const filesChanged = await filesChangedBy(events, runtime.artHome);
  return { durationMs, tokens, filesChanged, finalMessage };
}
