import type { RecalledMemory } from "./long-term-memory.js";

/** Rough tokens of a text: four characters a token, the estimate compaction uses too. */
function tokensOf(text: string): number {
  return Math.ceil(text.length / 4);
}

const HEADER =
  "Memories from earlier sessions (most relevant first; they may be out of date — check before relying on them):";

/**
 * The context item's text: the most relevant memories, in rank order, as many as fit in `budgetTokens` (header
 * included); undefined when none fits. A memory that does not fit is skipped, a shorter one after it may still go.
 */
export function memoryContextText(
  memories: readonly RecalledMemory[],
  budgetTokens: number,
): string | undefined {
  let used = tokensOf(HEADER);
  const lines: string[] = [];
  for (const memory of memories) {
    const line = `- [${memory.id}, ${memory.scope}] ${memory.text}`;
    const cost = tokensOf(line) + 1;
    if (used + cost > budgetTokens) continue;
    used += cost;
    lines.push(line);
  }
  return lines.length > 0 ? `${HEADER}\n${lines.join("\n")}` : undefined;
}
