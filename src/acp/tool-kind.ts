import type { ToolKind } from "./acp-types.js";

/** Our built-in tools by the ACP kind an editor shows them as (an icon, how it renders the call). */
const KINDS: Record<string, ToolKind> = {
  shell: "execute",
  read_file: "read",
  list_dir: "read",
  grep: "search",
  write_file: "edit",
  apply_patch: "edit",
  update_plan: "think",
};

/** The ACP kind of a call of `tool`: MCP tools whose name says fetch/search/read get that kind, others `other`. */
export function toolKindOf(tool: string): ToolKind {
  const builtin = KINDS[tool];
  if (builtin) return builtin;
  if (!tool.startsWith("mcp__")) return "other";
  // The server's own tool name, after `mcp__<server>__`: a guess from its verb is all an editor needs for an icon.
  const name = tool.split("__").slice(2).join("__").toLowerCase();
  if (/fetch|http|url|download/.test(name)) return "fetch";
  if (/search|find|grep|query/.test(name)) return "search";
  if (/read|get|list/.test(name)) return "read";
  if (/write|edit|create|update|move|delete/.test(name)) return "edit";
  return "other";
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined;
}

/** The one-line title an editor shows for a call: the command, the path, the pattern, else the tool's name. */
export function toolTitleOf(tool: string, args: unknown): string {
  const input = (typeof args === "object" && args !== null ? args : {}) as Record<string, unknown>;
  switch (tool) {
    case "shell":
      return text(input.command) ?? "shell";
    case "read_file":
      return `Read ${text(input.path) ?? "a file"}`;
    case "list_dir":
      return `List ${text(input.path) ?? "."}`;
    case "grep":
      return `Search for ${text(input.pattern) ?? "a pattern"}`;
    case "write_file":
      return `Write ${text(input.path) ?? "a file"}`;
    case "apply_patch":
      return `Patch ${patchPaths(text(input.patch) ?? "").join(", ") || "files"}`;
    case "update_plan":
      return "Update the plan";
    default:
      return tool;
  }
}

const PATCH_HEADER = /^\*\*\* (?:Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$|^\+\+\+ (?:b\/)?(.+)$/;

/** The files a patch touches (our `*** Update File:` form or a unified diff's `+++ b/` lines), in order. */
export function patchPaths(patch: string): string[] {
  const paths: string[] = [];
  for (const line of patch.split("\n")) {
    const match = PATCH_HEADER.exec(line.trimEnd());
    const found = match?.[1] ?? match?.[2] ?? match?.[3];
    if (found && found !== "/dev/null" && !paths.includes(found.trim())) paths.push(found.trim());
  }
  return paths;
}

/** The workspace-relative paths a call of `tool` would change, for the diffs shown when it completes. */
export function editedPaths(tool: string, args: unknown): string[] {
  const input = (typeof args === "object" && args !== null ? args : {}) as Record<string, unknown>;
  if (tool === "write_file") return text(input.path) ? [input.path as string] : [];
  if (tool === "apply_patch") return patchPaths(text(input.patch) ?? "");
  return [];
}
