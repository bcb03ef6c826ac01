import type { LiveSession } from "./live-session.js";

/**
 * Makes a session that was cut off consistent before it continues. A step cut off mid-stream needs nothing: the
 * fold ignores it and the next sampling redoes it. A tool call that has no result was running (or about to) when
 * the process died; it is recorded as interrupted, never run again, and the model is told. Calls waiting for an
 * approval stay pending, so the approval is asked again, and so do calls whose approval was answered while the
 * session was suspended on it: they never started.
 */
export async function recoverInterruptedCalls(
  session: LiveSession,
  resumable: (toolName: string) => boolean = () => false,
): Promise<number> {
  let recovered = 0;
  for (const call of [...session.state.pending.values()]) {
    if (call.approvalId || call.answer) continue;
    // Its tool continues what the cut-off run did (spawn_agent resumes its child): it runs again with the rest.
    if (resumable(call.name)) continue;
    session.append({
      type: "tool.result",
      turnId: call.turnId,
      callId: call.callId,
      name: call.name,
      ok: false,
      output:
        "This call was interrupted: the runtime stopped while it was running and it was not run again. " +
        "Its effects, if any, are in place; check the current state before retrying.",
      truncated: false,
      interrupted: true,
    });
    recovered++;
  }
  if (recovered > 0) await session.flush();
  return recovered;
}

/**
 * True when the session's last turn completed but the run that completed it died before journaling
 * `session.ended`: there is nothing left to run, only the end to record (which the caller does as usual).
 */
export function isUnendedCompletedRun(session: LiveSession): boolean {
  const last = session.state.turns.at(-1);
  return last?.status === "completed" && session.state.ended === undefined;
}
