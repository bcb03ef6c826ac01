import { diffLines, type LineEdit } from "./diff-lines.js";
import { LineTable } from "./line-table.js";
import { LineIndex, seekSequence } from "./seek.js";
import { parseText } from "./text-file.js";

/** Files by path (`/`-separated, relative) with their text content. */
export type FileTree = Readonly<Record<string, string>>;

/** Options for {@link generatePatch}. */
export interface GeneratePatchOptions {
  /** Unchanged lines shown around each change (at least 1 when the old file has lines). Default 3. */
  context?: number;
}

interface Hunk {
  /** Index into the edit script, inclusive / exclusive. */
  start: number;
  end: number;
}

function prefixed(op: string, text: string): string {
  return op + text;
}

/** Groups changes that are at most `2 * context` unchanged lines apart. */
function groupChanges(edits: readonly LineEdit[], context: number): Hunk[] {
  const hunks: Hunk[] = [];
  let i = 0;
  while (i < edits.length) {
    while (i < edits.length && edits[i]?.op === " ") i++;
    if (i >= edits.length) break;
    let end = i;
    let last = i;
    while (end < edits.length) {
      if (edits[end]?.op !== " ") last = end;
      else if (end - last > 2 * context) break;
      end++;
    }
    hunks.push({ start: Math.max(0, i - context), end: Math.min(edits.length, last + 1 + context) });
    i = last + 1;
  }
  // Neighbouring windows may overlap after widening: merge them.
  const merged: Hunk[] = [];
  for (const hunk of hunks) {
    const previous = merged[merged.length - 1];
    if (previous && hunk.start <= previous.end) previous.end = Math.max(previous.end, hunk.end);
    else merged.push({ ...hunk });
  }
  return merged;
}

/** The chunks of one update, each widened backwards until the applier finds it exactly where it belongs. */
function updateChunks(before: string[], after: string[], context: number): string[] {
  const edits = diffLines(before, after);
  const index = new LineIndex(LineTable.fromLines(before));
  const out: string[] = [];
  let cursor = 0; // First old line the next chunk may start at, as the applier sees it.
  let minimumEdit = 0;
  for (const hunk of groupChanges(edits, before.length > 0 ? Math.max(1, context) : 0)) {
    let start = Math.max(hunk.start, minimumEdit);
    const oldStartOf = (from: number) => {
      for (let i = from; i < hunk.end; i++) {
        const edit = edits[i] as LineEdit;
        if (edit.op !== "+") return edit.a;
      }
      return cursor;
    };
    for (;;) {
      const pattern: string[] = [];
      for (let i = start; i < hunk.end; i++) {
        const edit = edits[i] as LineEdit;
        if (edit.op !== "+") pattern.push(before[edit.a] as string);
      }
      const wanted = oldStartOf(start);
      const found = pattern.length === 0 ? undefined : seekSequence(index, pattern, { from: cursor });
      if (
        pattern.length === 0 ||
        (found?.start === wanted && found.level === "exact") ||
        start <= minimumEdit
      )
        break;
      start--; // Ambiguous: one more line of leading context.
    }
    out.push("@@");
    let oldLength = 0;
    for (let i = start; i < hunk.end; i++) {
      const edit = edits[i] as LineEdit;
      if (edit.op === "+") out.push(prefixed("+", after[edit.b] as string));
      else {
        out.push(prefixed(edit.op, before[edit.a] as string));
        oldLength++;
      }
    }
    cursor = oldStartOf(start) + oldLength;
    minimumEdit = hunk.end;
  }
  return out;
}

/**
 * A patch in the Codex format that turns the tree `before` into `after`. Files only in `after` are added, files
 * only in `before` deleted, and changed files updated with chunks that carry enough context to land exactly where
 * they belong. Limits of the format: an updated file always ends with a newline, keeps its line ending and BOM,
 * and an added file is written with `\n` line ends.
 */
export function generatePatch(before: FileTree, after: FileTree, options: GeneratePatchOptions = {}): string {
  const context = options.context ?? 3;
  const out = ["*** Begin Patch"];
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const path of paths) {
    const old = Object.hasOwn(before, path) ? before[path] : undefined;
    const next = Object.hasOwn(after, path) ? after[path] : undefined;
    if (old === next) continue;
    if (next === undefined) {
      out.push(`*** Delete File: ${path}`);
    } else if (old === undefined) {
      out.push(`*** Add File: ${path}`);
      for (const line of parseText(next).lines) out.push(prefixed("+", line));
    } else {
      const chunks = updateChunks(parseText(old).lines, parseText(next).lines, context);
      if (chunks.length === 0) continue; // Differs only in what the format cannot express.
      out.push(`*** Update File: ${path}`, ...chunks);
    }
  }
  out.push("*** End Patch");
  return `${out.join("\n")}\n`;
}
