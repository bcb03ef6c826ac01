import { defaultFilePolicy, type FilePolicy } from "../workspace/index.js";
import type { Tool, ToolContext } from "./tool.js";

/** The file policy a tool call runs under: the session's, or the default sandbox's for the workspace. */
export function filePolicyOf(context: ToolContext): FilePolicy {
  return context.files ?? defaultFilePolicy(context.cwd);
}

/** `tool` with every call run under `files` (how a session hands its sandbox policy to its file tools). */
export function withFilePolicy(tool: Tool<unknown>, files: FilePolicy): Tool<unknown> {
  return { ...tool, run: (args, context) => tool.run(args, { ...context, files }) };
}
