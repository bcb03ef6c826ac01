import { applyPatchTool, coreTools, memoryTools, type Tool } from "../tools/index.js";
import type { AgentTools } from "./agent-definition.js";
import type { BuiltinToolName } from "./builtin-tool-names.js";
import { BUILTIN_TOOL_NAMES } from "./builtin-tool-names.js";

/** This build's built-in tools by name. */
export function builtinTools(): Map<string, Tool<unknown>> {
  return new Map([...coreTools(), applyPatchTool, ...memoryTools()].map((tool) => [tool.name, tool]));
}

/** The tools a definition offers, in order: the chosen built-ins, then its own. */
export function selectTools(tools: AgentTools | undefined): Tool<unknown>[] {
  const builtins = builtinTools();
  const choice = tools?.builtins ?? "all";
  const names: readonly BuiltinToolName[] =
    choice === "all" ? BUILTIN_TOOL_NAMES : choice === "none" ? [] : choice;
  return [...names.map((name) => builtins.get(name)!), ...(tools?.extra ?? [])];
}
