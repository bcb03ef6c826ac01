import type { ConversationItem } from "../../core/index.js";

/**
 * The number of assistant responses in a conversation: each maximal run of consecutive `assistant`, `reasoning`
 * and `tool_call` items is one response. A scripted model answers with response number `count`, so a resumed or
 * forked conversation replays the same script deterministically.
 */
export function countAssistantResponses(items: readonly ConversationItem[]): number {
  let count = 0;
  let inResponse = false;
  for (const item of items) {
    const isAssistant = item.type === "assistant" || item.type === "reasoning" || item.type === "tool_call";
    if (isAssistant && !inResponse) count++;
    inResponse = isAssistant;
  }
  return count;
}
