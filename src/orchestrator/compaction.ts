import { type ConversationItem, throwIfAborted } from "../core/index.js";
import type { ModelClient, ModelRequest } from "../model/index.js";
import type { LiveSession } from "./live-session.js";

/** The request that asks the model for a summary of the conversation (appended as the last user message). */
export const COMPACTION_PROMPT = `Summarise this conversation so another agent can continue the work without it.
Include: the user's goals and constraints, what has been done (files changed, commands run and their results),
what is left to do, and anything learned about the codebase that will matter. Be concise and concrete.`;

/** Rough token count of conversation items (about four characters a token). */
export function estimateItemTokens(items: readonly ConversationItem[]): number {
  let chars = 0;
  for (const item of items) {
    if (item.type === "tool_call") chars += item.name.length + (JSON.stringify(item.arguments) ?? "").length;
    else if (item.type === "tool_result") chars += item.name.length + item.output.length;
    else chars += item.text.length;
  }
  return Math.ceil(chars / 4);
}

/**
 * Rough token count of a whole request: system prompt, conversation and tool definitions (which every step sends
 * too, and which are often a large part of a short conversation's prompt).
 */
export function estimateRequestTokens(request: Pick<ModelRequest, "system" | "items" | "tools">): number {
  let chars = request.system.length;
  for (const tool of request.tools) {
    chars += tool.name.length + tool.description.length + JSON.stringify(tool.inputSchema).length;
  }
  return Math.ceil(chars / 4) + estimateItemTokens(request.items);
}

/**
 * Replaces the history with a model-written summary (plus the recent user messages, kept verbatim by the fold) and
 * journals it as `context.compacted`, durably before it resolves: the paid summary is never asked for twice, and
 * the next sampling step reads the compacted history. A crash before the append loses only the summary, which
 * the resumed turn asks for again. An empty summary (a refusal, a filtered answer) is not journaled: it would erase
 * the history and keep nothing of it. Returns whether the history was compacted.
 */
export async function compact(
  session: LiveSession,
  model: ModelClient,
  request: { system: string; turnId: string; tokensBefore: number },
  signal: AbortSignal,
): Promise<boolean> {
  let summary = "";
  const items: ConversationItem[] = [...session.state.items, { type: "user", text: COMPACTION_PROMPT }];
  for await (const event of model.stream({ system: request.system, items, tools: [] }, signal)) {
    if (event.type === "text.delta") summary += event.delta;
    else if (event.type === "retry" && event.discarded) summary = "";
  }
  // A summary cut off by the abort must not replace the history.
  throwIfAborted(signal);
  summary = summary.trim();
  if (!summary) return false;
  session.append({
    type: "context.compacted",
    turnId: request.turnId,
    summary,
    tokensBefore: request.tokensBefore,
  });
  await session.flush();
  return true;
}
