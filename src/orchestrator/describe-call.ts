import { describeError } from "../core/index.js";
import { type DescribeContext, type PolicyDescription, shortSummary, type Tool } from "../tools/index.js";
import type { CallDescription, GateRequest } from "./tool-gate.js";

/** A tool described by what it declares: the tool itself, by its name and `effects`. */
function byEffects(tool: Tool<unknown>, args: unknown): PolicyDescription {
  return {
    calls: [{ kind: "tool", tool: tool.name, effects: tool.effects }],
    summary: shortSummary(`${tool.name} ${JSON.stringify(args) ?? ""}`),
  };
}

function checked(description: unknown, fallback: () => PolicyDescription): PolicyDescription {
  if (typeof description !== "object" || description === null) throw new Error("it returned no description");
  const { calls, summary } = description as Partial<PolicyDescription>;
  if (!Array.isArray(calls)) throw new Error("its description has no calls array");
  const known = new Set(["shell", "file", "tool"]);
  if (calls.some((call) => typeof call !== "object" || call === null || !known.has(call.kind)))
    throw new Error('a described call is not { kind: "shell" | "file" | "tool", ... }');
  return {
    // Nothing to judge is never "nothing to ask": an empty description is judged by the tool's effects.
    calls: calls.length > 0 ? calls : fallback().calls,
    summary: shortSummary(typeof summary === "string" ? summary : fallback().summary),
  };
}

/**
 * What the exec policy judges for a call: the tool's own `describeForPolicy` (every built-in has one: the shell
 * command, the paths a file tool reads or writes, every file of a patch), or the tool itself by its name and
 * `effects`. There is no table by name: a tool that replaces a built-in by name is judged by its own description,
 * never by the built-in's. A description that throws or is malformed refuses the call (fail closed).
 */
export async function describeCall(request: GateRequest): Promise<CallDescription> {
  const { tool, args, call, session } = request;
  const context: DescribeContext = {
    sessionId: session.id,
    callId: call.callId,
    cwd: session.state.cwd,
    settings: session.state.settings,
  };
  // Rendered only when used: a built-in's arguments can be large (a whole file's content).
  const fallback = () => byEffects(tool, args);
  try {
    const description = tool.describeForPolicy
      ? checked(tool.describeForPolicy(args, context), fallback)
      : fallback();
    const approval = tool.needsApproval;
    const needsApproval =
      typeof approval === "function" ? (await approval(args, context)) === true : approval === true;
    return { ...description, needsApproval };
  } catch (error) {
    return { ...fallback(), needsApproval: true, problem: describeError(error).message };
  }
}
