/** The tools every runtime has built in, by the name the model calls them. */
export const BUILTIN_TOOL_NAMES = [
  "shell",
  "read_file",
  "list_dir",
  "grep",
  "write_file",
  "update_plan",
  "apply_patch",
  "search_code",
  "remember",
  "recall",
] as const;

/** The name of a built-in tool. */
export type BuiltinToolName = (typeof BUILTIN_TOOL_NAMES)[number];
