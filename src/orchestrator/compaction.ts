import type { ConversationItem } from "../core/index.js";
import type { ModelClient } from "../model/model-client.js";
import type { LiveSession } from "./live-session.js";

/** The request that asks the model for a summary of the conversation (appended as the last user message). */
export const COMPACTION_PROMPT = `Summarise this conversation so another agent can continue the work without it.
Include: the user's goals and constraints, what has been done (files changed, commands run and their results),
what is left to do, and anything learned about the codebase that will matter. Be concise and concrete.`;

/** Rough token count of the conversation (about four characters a token). */
export function estimateTokens(system: string, items: ConversationItem[]): number {
  let chars = system.length;
  for (const item of items) {
    if (item.type === "tool_call") chars += item.name.length + JSON.stringify(item.arguments ?? "").length;
    else if (item.type === "tool_result") chars += item.output.length;
    else chars += item.text.length;
  }
  return Math.ceil(chars / 4);
}

/** True when the next request would come close to the model's window. */
export function needsCompaction(session: LiveSession, system: string, limitTokens: number): boolean {
  const lastUsage = session.state.turns.at(-1)?.usage;
  const reported = lastUsage && lastUsage.inputTokens > 0 ? lastUsage.inputTokens : 0;
  return Math.max(reported, estimateTokens(system, session.state.items)) > limitTokens;
}

/**
 * Replaces the history with a model-written summary (plus the recent user messages, kept verbatim by the fold) and
 * journals it as `context.compacted`.
 */
export async function compact(
  session: LiveSession,
  model: ModelClient,
  system: string,
  turnId: string,
  signal: AbortSignal,
): Promise<void> {
  const tokensBefore = estimateTokens(system, session.state.items);
  let summary = "";
  const items: ConversationItem[] = [...session.state.items, { type: "user", text: COMPACTION_PROMPT }];
  for await (const event of model.stream({ system, items, tools: [] }, signal)) {
    if (event.type === "text.delta") summary += event.delta;
    else if (event.type === "retry" && event.discarded) summary = "";
  }
  session.append({ type: "context.compacted", turnId, summary: summary.trim(), tokensBefore });
  await session.flush();
}
