/**
 * What to do about a damaged session journal: fork it at the start of the last turn read intact (a fork copies
 * only what comes before that turn, so it never reads the damage), or, when no turn precedes the damage, start over.
 * `forkAtTurn` is undefined when no intact turn start was read before the damage.
 */
export function damageAdvice(
  sessionId: string,
  forkAtTurn: number | undefined,
  readFromStart: boolean,
): string {
  if (forkAtTurn !== undefined) {
    return `The events before it are intact; continue from the start of turn ${forkAtTurn} with: art fork ${sessionId} --at-turn ${forkAtTurn}`;
  }
  if (readFromStart) {
    return "No turn before it is intact, so the session cannot be forked; start a new one with art exec.";
  }
  return `The events before it are intact; run "art show ${sessionId}" to find the last good turn, then "art fork ${sessionId} --at-turn N".`;
}
