import type { SessionSummary } from "../store/index.js";

/**
 * Sessions in listing order with each one's children (sub-agents, forks) right after it, one level deeper. A child
 * whose parent is not in the list stays where it was, at depth 0.
 */
export function sessionTree(
  sessions: readonly SessionSummary[],
): { session: SessionSummary; depth: number }[] {
  const listed = new Set(sessions.map((session) => session.id));
  const children = new Map<string, SessionSummary[]>();
  for (const session of sessions) {
    if (session.parentId === undefined || !listed.has(session.parentId)) continue;
    const siblings = children.get(session.parentId) ?? [];
    siblings.push(session);
    children.set(session.parentId, siblings);
  }
  const out: { session: SessionSummary; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (session: SessionSummary, depth: number) => {
    // A cycle cannot come from the runtime, but a damaged journal must not hang the listing.
    if (seen.has(session.id)) return;
    seen.add(session.id);
    out.push({ session, depth });
    for (const child of [...(children.get(session.id) ?? [])].reverse()) visit(child, depth + 1);
  };
  for (const session of sessions) {
    if (session.parentId === undefined || !listed.has(session.parentId)) visit(session, 0);
  }
  for (const session of sessions) visit(session, 0);
  return out;
}
