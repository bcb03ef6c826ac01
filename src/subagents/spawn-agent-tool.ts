import { z } from "zod";
import type { ApprovalHandler } from "../orchestrator/index.js";
import type { Runtime } from "../runtime/index.js";
import { shortSummary, type Tool, tool } from "../tools/index.js";
import { childSessionId } from "./child-session-id.js";
import { UnknownSubagentError } from "./errors/index.js";
import { runChild } from "./run-child.js";
import type { SubagentSpec } from "./subagent-spec.js";
import { type SubagentLimits, SubagentTree } from "./subagent-tree.js";

/** The name the model calls sub-agents by. */
export const SPAWN_AGENT_TOOL = "spawn_agent";

/** What {@link spawnAgentTool} needs: where children run, which agents there are, the tree's budgets. */
export interface SpawnAgentOptions {
  runtime: Runtime;
  agents: readonly SubagentSpec[];
  limits?: Partial<SubagentLimits>;
  /** Answers the children's approval requests; without one, their `ask` is denied and they are told. */
  onApproval?: ApprovalHandler;
}

const Args = z.object({
  agent: z.string().min(1).describe("Name of the sub-agent to run (one of those listed)."),
  prompt: z.string().min(1).describe("The complete task for it: it sees nothing of this conversation."),
  isolation: z
    .enum(["none", "worktree"])
    .optional()
    .describe("worktree: it edits its own git worktree and its changes come back as a patch."),
});

/**
 * The built-in `spawn_agent {agent, prompt}` tool for a root session: each call runs a child session of the named
 * agent in the parent's workspace, with its own journal and context, linked to the parent, and returns the child's
 * final message (or its structured output, checked against the agent's `output_schema`). Calls of one step run
 * concurrently up to `limits.concurrency`; the tree's budgets stop a call with `agent.budget_exceeded`.
 *
 * ```ts
 * const runtime = await Runtime.open();
 * const spawn = spawnAgentTool({ runtime, agents: (await loadAgents(dirs)).map(subagentFromFile) });
 * runtime.run(defineAgent({ name: "lead", model, tools: { extra: [spawn] } }), "Fix and review");
 * ```
 */
export function spawnAgentTool(options: SpawnAgentOptions): Tool<unknown> {
  const tree = new SubagentTree(options.runtime, options.agents, options.limits, options.onApproval);
  return spawnToolAt(tree, 0);
}

function describeAgents(tree: SubagentTree): string {
  const lines = [...tree.agents.values()].map((agent) => `- ${agent.name}: ${agent.description}`);
  return [
    "Runs a sub-agent on a task in its own session and returns its final answer. Give it everything it needs in",
    "`prompt`: it does not see this conversation. Several calls in one step run at the same time.",
    "Available agents:",
    ...(lines.length ? lines : ["(none defined)"]),
  ].join("\n");
}

/** `spawn_agent` for sessions `depth` levels below the root (0: the root itself). */
function spawnToolAt(tree: SubagentTree, depth: number): Tool<unknown> {
  let below: Tool<unknown> | undefined;
  // Built on first use: a chain of tools one per level, as deep as the tree actually goes.
  const next = () => {
    below ??= spawnToolAt(tree, depth + 1);
    return below;
  };
  return tool({
    name: SPAWN_AGENT_TOOL,
    description: describeAgents(tree),
    inputSchema: Args,
    // The child runs its own tools under its own (never wider) policy; the call itself is judged as an exec.
    effects: "exec",
    parallel: true,
    resumable: true,
    describeForPolicy: (args) => ({
      calls: [],
      summary: shortSummary(`spawn_agent ${args.agent}: ${args.prompt}`),
    }),
    async execute(args, context) {
      const spec = tree.agents.get(args.agent);
      if (!spec) throw new UnknownSubagentError(args.agent, [...tree.agents.keys()]);
      const childId = childSessionId(context.sessionId, context.callId);
      // A child this call started before a crash was admitted then; only a new one counts against the budgets.
      if (!(await tree.runtime.session(childId)))
        await tree.admit(context.sessionId, context.callId, depth + 1);
      return tree.slotsOf(context.sessionId).run(async () => {
        const answer = await runChild({
          tree,
          spec,
          prompt: args.prompt,
          childId,
          cwd: context.cwd,
          spawnTool: next(),
          context,
          isolation: args.isolation ?? spec.isolation ?? "none",
        });
        return answer.text;
      });
    },
  });
}
