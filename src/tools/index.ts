export { applyPatchTool } from "./builtin/apply-patch.js";
export {
  coreTools,
  grepTool,
  listDirTool,
  readFileTool,
  shellTool,
  updatePlanTool,
  writeFileTool,
} from "./builtin/index.js";
export { defaultFilePolicy, filePolicyFrom, filePolicyOf, withFilePolicy } from "./file-policy-of.js";
export { InvalidToolArgumentsError } from "./invalid-tool-arguments-error.js";
export { ToolRegistry } from "./registry.js";
export * from "./tool.js";
export { UnknownToolError } from "./unknown-tool-error.js";
