import type { Tool } from "../tool.js";
import { grepTool } from "./grep.js";
import { listDirTool } from "./list-dir.js";
import { readFileTool } from "./read-file.js";
import { recallTool } from "./recall.js";
import { rememberTool } from "./remember.js";
import { searchCodeTool, searchCodeToolWith } from "./search-code.js";
import { shellTool } from "./shell.js";
import { updatePlanTool } from "./update-plan.js";
import { writeFileTool } from "./write-file.js";

export { SEARCH_CODE_BUDGET_MS, type SearchCodeToolOptions } from "./search-code.js";
export {
  grepTool,
  listDirTool,
  readFileTool,
  recallTool,
  rememberTool,
  searchCodeTool,
  searchCodeToolWith,
  shellTool,
  updatePlanTool,
  writeFileTool,
};

/** The built-in tools every session gets (apply_patch is added from src/tools/builtin/apply-patch.ts). */
export function coreTools(): Tool<unknown>[] {
  return [shellTool, readFileTool, listDirTool, grepTool, writeFileTool, updatePlanTool, searchCodeTool];
}

/** The long-term memory tools (`remember`, `recall`); they reach the store through `ToolContext.memory`. */
export function memoryTools(): Tool<unknown>[] {
  return [rememberTool, recallTool];
}
