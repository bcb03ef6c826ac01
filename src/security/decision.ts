import type { Decision } from "./types.js";

const RANK: Record<Decision, number> = { allow: 0, ask: 1, forbid: 2 };

/** The stricter of two decisions (`forbid` > `ask` > `allow`). */
export function stricter(a: Decision, b: Decision): Decision {
  return RANK[a] >= RANK[b] ? a : b;
}

/** True when `a` is strictly stricter than `b`. */
export function isStricter(a: Decision, b: Decision): boolean {
  return RANK[a] > RANK[b];
}

/** A decision together with why and which rule. */
export interface Verdict {
  decision: Decision;
  reason: string;
  rule?: string;
}

/** Picks the strictest verdict; on ties the first one wins. */
export function strictest(verdicts: Verdict[]): Verdict | undefined {
  let best: Verdict | undefined;
  for (const verdict of verdicts) if (!best || isStricter(verdict.decision, best.decision)) best = verdict;
  return best;
}
