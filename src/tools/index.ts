export { applyPatchTool } from "./builtin/apply-patch.js";
export {
  coreTools,
  grepTool,
  listDirTool,
  memoryTools,
  readFileTool,
  recallTool,
  rememberTool,
  SEARCH_CODE_BUDGET_MS,
  type SearchCodeToolOptions,
  searchCodeTool,
  searchCodeToolWith,
  shellTool,
  updatePlanTool,
  writeFileTool,
} from "./builtin/index.js";
export { type EditorFiles, withEditorFiles } from "./editor-files.js";
export { defaultFilePolicy, filePolicyFrom, filePolicyOf, withFilePolicy } from "./file-policy-of.js";
export { type InputSchema, inputOf, isZodSchema, type JsonSchema, type ToolInput } from "./input-schema.js";
export { InvalidProgressError } from "./invalid-progress-error.js";
export { InvalidToolArgumentsError } from "./invalid-tool-arguments-error.js";
export { InvalidToolResultError } from "./invalid-tool-result-error.js";
export { jsonProblem } from "./json-value.js";
export { type MemoryAccess, type MemoryScopeName, type RecalledNote, withMemory } from "./memory-access.js";
export {
  capTextParts,
  MAX_IMAGE_CHARS,
  MAX_JSON_CHARS,
  type NormalResult,
  normalizeResult,
  partText,
} from "./normalize-result.js";
export { fileReadCall, fileWriteCalls, shortSummary } from "./policy-description.js";
export { MAX_PROGRESS_CHARS, type ProgressChannel, progressChannel } from "./progress-channel.js";
export { ToolRegistry } from "./registry.js";
export {
  type DescribeContext,
  type PolicyDescription,
  type Tool,
  type ToolDefinition,
  type ToolEffects,
  tool,
} from "./tool.js";
export type {
  CommandOutcome,
  CommandRequest,
  CommandRunner,
  PatchedFile,
  PlanStep,
  ProgressUpdate,
  ToolContext,
  ToolProgress,
} from "./tool-context.js";
export { ToolDefinitionError } from "./tool-definition-error.js";
export { ToolEffectsError } from "./tool-effects-error.js";
export type { ToolOutput, ToolResult } from "./tool-result.js";
export { UnknownToolError } from "./unknown-tool-error.js";
