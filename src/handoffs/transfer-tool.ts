import { z } from "zod";
import { type Tool, tool } from "../tools/index.js";

/** Longest tool name providers take. */
const MAX_TOOL_NAME = 64;
const PREFIX = "transfer_to_";

/**
 * The tool that hands the session to `agent`: `transfer_to_<agent>`, the name reduced to `[A-Za-z0-9_-]` (others
 * become `_`) and cut to 64 characters.
 *
 * ```ts
 * transferToolName("code reviewer"); // "transfer_to_code_reviewer"
 * ```
 */
export function transferToolName(agent: string): string {
  return `${PREFIX}${agent.replace(/[^A-Za-z0-9_-]/g, "_")}`.slice(0, MAX_TOOL_NAME);
}

const TransferInput = z.object({
  reason: z.string().optional().describe("Why the other agent should take over (one sentence)."),
});

/**
 * A `transfer_to_<agent>` tool, described with the target's description. The turn loop intercepts its calls (see
 * `HandoffHook`): `execute` only runs outside a session with a handoff team. `resumable`, so a call cut off by a
 * crash before its handoff was journaled runs again instead of being recorded as interrupted.
 */
export function transferTool(agent: string, description: string | undefined): Tool<unknown> {
  return tool({
    name: transferToolName(agent),
    description: `Hand the conversation to the ${agent} agent, who continues it from here${
      description ? `: ${description}` : "."
    }`,
    inputSchema: TransferInput,
    effects: "read",
    resumable: true,
    execute: () => `Transferred to ${agent}.`,
  }) as Tool<unknown>;
}
