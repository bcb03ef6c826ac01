/** An SSE frame with an `event:` line (OpenAI Responses, Anthropic). */
export function namedFrame(data: { type: string } & Record<string, unknown>): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** An SSE frame with only a `data:` line (Chat Completions). */
export function dataFrame(data: unknown): string {
  return `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
}

const WORD = /\S+\s*|\s+/g;

/** Text cut into word-sized pieces (a word and the whitespace after it), or into pieces of `size` characters. */
export function textPieces(text: string, size: number | undefined): string[] {
  if (size === undefined) return text.match(WORD) ?? [];
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

/**
 * The number of assistant responses in a list of wire messages: each maximal run of entries that `isAssistant`
 * accepts counts once, mirroring how the runtime counts its own conversation items.
 */
export function countRuns<T>(entries: readonly T[], isAssistant: (entry: T) => boolean): number {
  let count = 0;
  let inRun = false;
  for (const entry of entries) {
    const assistant = isAssistant(entry);
    if (assistant && !inRun) count++;
    inRun = assistant;
  }
  return count;
}

/** A value as a record, or an empty one. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A value as an array, or an empty one. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
