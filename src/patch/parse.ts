import { BEGIN_PATCH, parseCodexPatch } from "./parse-codex.js";
import { parseUnifiedDiff } from "./parse-unified.js";
import { PatchParseError } from "./patch-parse-error.js";
import type { ParsedPatch } from "./types.js";

const HEREDOC_START = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1\s*$/;

/** The patch's lines with the wrappers models put around it removed: blank edges, a heredoc, a Markdown fence. */
function unwrap(lines: string[]): { lines: string[]; firstLine: number } {
  let start = 0;
  let end = lines.length; // exclusive
  for (let changed = true; changed; ) {
    changed = false;
    while (start < end && (lines[start] as string).trim() === "") start++;
    while (end > start && (lines[end - 1] as string).trim() === "") end--;
    if (end - start < 2) break;
    const first = (lines[start] as string).trim();
    const last = (lines[end - 1] as string).trim();
    const heredoc = first.startsWith(BEGIN_PATCH) ? null : HEREDOC_START.exec(first);
    if ((heredoc && last === heredoc[2]) || (first.startsWith("```") && last === "```")) {
      start++;
      end--;
      changed = true;
    }
  }
  return { lines: lines.slice(start, end), firstLine: start + 1 };
}

/**
 * Parses a patch in the Codex `apply_patch` format or as a unified diff (`git diff`), and tolerates the wrappers
 * models add (a heredoc, a Markdown fence, blank lines, whitespace around markers). Throws {@link PatchParseError}
 * naming the line and what was expected.
 */
export function parsePatch(text: string): ParsedPatch {
  if (typeof text !== "string") throw new PatchParseError(0, "the patch must be a string.");
  const nul = text.indexOf("\0");
  if (nul !== -1) {
    const line = text.slice(0, nul).split("\n").length;
    throw new PatchParseError(line, "the patch contains a NUL byte; binary content cannot be patched.");
  }
  const { lines, firstLine } = unwrap(text.split(/\r?\n/));
  if (lines.length === 0) throw new PatchParseError(0, "the patch is empty.");
  if ((lines[0] as string).trim() === BEGIN_PATCH) return parseCodexPatch(lines, firstLine);
  const looksUnified = lines.some(
    (line, i) =>
      line.startsWith("diff --git ") || (line.startsWith("--- ") && (lines[i + 1] ?? "").startsWith("+++ ")),
  );
  if (looksUnified) return parseUnifiedDiff(lines, firstLine);
  return parseCodexPatch(lines, firstLine); // Reports the missing '*** Begin Patch'.
}
