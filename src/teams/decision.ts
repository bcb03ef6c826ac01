/** One piece of work the supervisor hands to a named agent. */
export interface Route {
  agent: string;
  task: string;
}

/** What the supervisor decided this round: work for agents, or the final answer. */
export type Decision = { ok: true; route: Route[]; answer?: string } | { ok: false; problem: string };

/** The JSON object inside a reply: the whole text, or a ```json fenced block, or the outermost braces. */
function jsonOf(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1];
  const candidates = [text.trim(), fenced?.trim(), text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      return JSON.parse(candidate);
    } catch {
      // Try the next reading.
    }
  }
  return undefined;
}

/** Reads the supervisor's reply; a problem says exactly what to fix, for the message that asks it again. */
export function parseDecision(text: string, agents: readonly string[]): Decision {
  const value = jsonOf(text);
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, problem: "the reply is not a JSON object" };
  const { route, answer } = value as { route?: unknown; answer?: unknown };
  if (answer !== undefined && typeof answer !== "string")
    return { ok: false, problem: '"answer" must be a string' };
  if (route === undefined || (Array.isArray(route) && route.length === 0)) {
    if (typeof answer !== "string" || !answer.trim())
      return {
        ok: false,
        problem: 'give "route" with work for the agents, or "answer" with the final answer',
      };
    return { ok: true, route: [], answer };
  }
  if (!Array.isArray(route)) return { ok: false, problem: '"route" must be an array' };
  const routes: Route[] = [];
  for (const [index, entry] of route.entries()) {
    const { agent, task } = (entry ?? {}) as { agent?: unknown; task?: unknown };
    if (typeof agent !== "string" || !agents.includes(agent))
      return {
        ok: false,
        problem: `route[${index}].agent must be one of ${agents.map((name) => `"${name}"`).join(", ")}; got ${JSON.stringify(agent)}`,
      };
    if (typeof task !== "string" || !task.trim())
      return { ok: false, problem: `route[${index}].task must be a non-empty string` };
    routes.push({ agent, task });
  }
  return { ok: true, route: routes };
}
