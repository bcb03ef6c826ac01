import type { ToolContentPart } from "../core/index.js";

/** What a tool returns to the model when it is more than one string. */
export interface ToolResult {
  /** Text, JSON values and images, in the order the model reads them. */
  content: ToolContentPart[];
  /** False when the tool ran but failed (non-zero exit, patch did not apply, ...). Defaults to true. */
  ok?: boolean;
  /** Set when the sandbox probably caused the failure; lets the approval flow offer a run without it. */
  sandboxDenied?: string;
  /** Deferred tools (`Tool.deferred`) to list to the model from the next step on, by name (journaled). */
  reveals?: string[];
}

/** What `execute` returns: plain text, or a {@link ToolResult}. */
export type ToolOutput = string | ToolResult;
