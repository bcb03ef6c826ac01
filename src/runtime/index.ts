export { resolveArtHome } from "../core/index.js";
export {
  type AgentDefinition,
  type AgentDefinitionInput,
  type AgentTools,
  defineAgent,
  isAgentDefinition,
} from "./agent-definition.js";
export { BUILTIN_TOOL_NAMES, type BuiltinToolName } from "./builtin-tool-names.js";
export { declarationOf, definitionChanges, definitionRecord } from "./definition-record.js";
export * from "./errors/index.js";
export type { RewindResult } from "./rewind-session.js";
export {
  type ResumeOptions,
  type RunOptions,
  Runtime,
  type RuntimeOptions,
  type RuntimeStats,
} from "./runtime.js";
