import { loadAgents } from "../agents/index.js";
import { projectRoot } from "../config/index.js";
import type { ApprovalHandler } from "../orchestrator/index.js";
import type { Runtime } from "../runtime/index.js";
import type { Tool } from "../tools/index.js";

/**
 * `spawn_agent` for a CLI session in `cwd`, listing the agent files found there (project, Claude Code's, the
 * user's), or undefined when there are none. `art resume` builds it the same way, so the journaled declaration
 * matches as long as the files did not change.
 */
export async function subagentToolFor(
  runtime: Runtime,
  cwd: string,
  onApproval?: ApprovalHandler,
): Promise<Tool<unknown> | undefined> {
  const files = await loadAgents({ projectRoot: projectRoot(cwd), artHome: runtime.artHome });
  if (files.length === 0) return undefined;
  // Loaded only when there are agents: a session without sub-agents does not pay for them.
  const { spawnAgentTool, subagentFromFile } = await import("../subagents/index.js");
  return spawnAgentTool({
    runtime,
    agents: files.map(subagentFromFile),
    ...(onApproval ? { onApproval } : {}),
  });
}
