import { ArtError } from "../../core/index.js";

/** Which tree budget a `spawn_agent` call would exceed. */
export type SubagentBudget = "depth" | "per_session" | "tree_tokens";

/**
 * A tree budget stops a `spawn_agent` call: the model reads this as the call's result and must finish the work
 * itself (or with the sub-agents it has).
 */
export class SubagentBudgetError extends ArtError {
  constructor(
    readonly budget: SubagentBudget,
    message: string,
  ) {
    super("agent.budget_exceeded", message, {
      hint: "Do the remaining work yourself, or raise the limit (subagents.maxDepth, maxPerSession, maxTreeTokens).",
    });
  }
}

/** `spawn_agent` named an agent that is not defined. */
export class UnknownSubagentError extends ArtError {
  constructor(name: string, known: readonly string[]) {
    super("agent.unknown", `No sub-agent named "${name}".`, {
      hint: known.length
        ? `Use one of: ${known.join(", ")}.`
        : "No sub-agents are defined; add one as .art/agents/<name>.md.",
    });
  }
}

/** The child's final answer did not match its `output_schema`, also after it was asked once more. */
export class SubagentOutputError extends ArtError {
  constructor(agent: string, childSessionId: string, problem: string) {
    super(
      "agent.output_invalid",
      `Sub-agent "${agent}" (session ${childSessionId}) answered twice without matching its output_schema: ${problem}.`,
      { hint: "Use its answer as text, or spawn it again with a clearer task." },
    );
  }
}

/** The child session ended without an answer (failed, or stopped for an approval no one gave). */
export class SubagentFailedError extends ArtError {
  constructor(agent: string, childSessionId: string, why: string) {
    super("agent.child_failed", `Sub-agent "${agent}" (session ${childSessionId}) did not finish: ${why}.`, {
      hint: `Inspect it with "art show ${childSessionId}"; do the work yourself or spawn it again.`,
    });
  }
}
