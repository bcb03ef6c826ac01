import type { FileChunk } from "./chunk.js";

/** Lines per window and lines shared by neighbouring windows (so a match across a border is in one chunk whole). */
export const WINDOW_LINES = 60;
export const WINDOW_OVERLAP = 10;

/**
 * Splits lines `from..to` (1-based, inclusive) of a file into overlapping windows; blank-only windows are dropped.
 *
 * @example
 * ```ts
 * lineWindows("a\nb\nc".split("\n"), 1, 3); // [{ startLine: 1, endLine: 3, kind: "lines", text: "a\nb\nc" }]
 * ```
 */
export function lineWindows(
  lines: readonly string[],
  from = 1,
  to = lines.length,
  extra: { symbol?: string; kind?: string } = {},
): FileChunk[] {
  const chunks: FileChunk[] = [];
  const step = WINDOW_LINES - WINDOW_OVERLAP;
  for (let start = from; start <= to; start += step) {
    const end = Math.min(to, start + WINDOW_LINES - 1);
    const text = lines.slice(start - 1, end).join("\n");
    if (text.trim() !== "")
      chunks.push({ startLine: start, endLine: end, kind: extra.kind ?? "lines", text, ...symbolOf(extra) });
    if (end >= to) break;
  }
  return chunks;
}

function symbolOf(extra: { symbol?: string }): { symbol?: string } {
  return extra.symbol === undefined ? {} : { symbol: extra.symbol };
}
