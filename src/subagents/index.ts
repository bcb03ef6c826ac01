export { childSessionId } from "./child-session-id.js";
export * from "./errors/index.js";
export { compileOutputSchema, type OutputCheck } from "./output-check.js";
export { SPAWN_AGENT_TOOL, type SpawnAgentOptions, spawnAgentTool } from "./spawn-agent-tool.js";
export {
  type ParentContext,
  SUBAGENT_SPEC_VERSION,
  type SubagentSpec,
  subagentFromFile,
} from "./subagent-spec.js";
export { DEFAULT_SUBAGENT_LIMITS, type SubagentLimits, SubagentTree } from "./subagent-tree.js";
