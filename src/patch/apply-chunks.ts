import { ChunkNotFoundError } from "./chunk-not-found-error.js";
import { LineTable } from "./line-table.js";
import { closestMatch, LineIndex, type SeekResult, seekSequence, similarMatch } from "./seek.js";
import type { Chunk, ChunkLine, ParsedPatch } from "./types.js";

/** A file's text after its chunks were applied, with the line counts for the summary. */
export interface PatchedText {
  content: string;
  linesAdded: number;
  linesRemoved: number;
}

const BOM = "\uFEFF";

const SHOWN_LINES = 12;
const SHOWN_WIDTH = 200;

function clip(line: string): string {
  return line.length > SHOWN_WIDTH ? `${line.slice(0, SHOWN_WIDTH)}…` : line;
}

function quoteLines(lines: readonly string[]): string {
  const shown = lines.slice(0, SHOWN_LINES).map((line) => `  ${clip(line)}`);
  if (lines.length > SHOWN_LINES) shown.push(`  … (${lines.length - SHOWN_LINES} more)`);
  return shown.join("\n");
}

/** Says what was sought and shows the lines of the file that come closest, numbered. */
function describeMiss(index: LineIndex, sought: readonly string[], from: number, what: string): string {
  const head = `Could not find ${what} at or after line ${from + 1} of the file:\n${quoteLines(sought)}\n`;
  const at = closestMatch(index, sought, from) ?? similarMatch(index, sought, from);
  if (at === undefined) return `${head}Nothing like it occurs in the file.`;
  const first = Math.max(0, at - 1);
  const last = Math.min(index.length, at + Math.min(sought.length, SHOWN_LINES) + 1);
  const width = String(last).length;
  const shown: string[] = [];
  for (let i = first; i < last; i++)
    shown.push(`  ${String(i + 1).padStart(width)} | ${clip(index.text(i))}`);
  const order =
    at < from ? " (before the previous chunk: chunks of one file must follow the order of the file)" : "";
  return `${head}The closest lines in the file are ${first + 1}-${last}${order}:\n${shown.join("\n")}`;
}

function oldSide(lines: readonly ChunkLine[]): string[] {
  const result: string[] = [];
  for (const line of lines) if (line.op !== "+") result.push(line.text);
  return result;
}

/**
 * Applies the chunks of one update to a file's text. Each chunk is sought after the previous one: its `@@` anchors
 * first, then its context and removed lines, exact before loose (see {@link seekSequence}). Lines the chunk keeps
 * stay as the file has them (text and line ending), so a loose match never rewrites them; added lines get the
 * file's dominant line ending, and a BOM stays.
 */
export function applyChunks(
  text: string,
  chunks: readonly Chunk[],
  path: string,
  format: ParsedPatch["format"],
): PatchedText {
  const bom = text.startsWith(BOM) ? BOM : "";
  const table = new LineTable(bom ? text.slice(1) : text);
  const { content, starts } = table;
  const eol = table.eol();
  const index = new LineIndex(table);
  const pieces: string[] = [];
  let copied = 0; // Lines before this one are already in `pieces`.
  let open = false; // The last piece is the file's last line and it has no terminator.
  let linesAdded = 0;
  let linesRemoved = 0;

  const copyUntil = (end: number) => {
    if (end <= copied) return;
    pieces.push(content.slice(starts[copied], starts[end]));
    open = end === table.length && !table.terminated(end - 1);
    copied = end;
  };
  const place = (start: number, lines: readonly ChunkLine[]) => {
    copyUntil(start);
    for (const line of lines) {
      if (line.op === "+") {
        if (open) pieces.push(eol);
        pieces.push(line.text, eol);
        open = false;
        linesAdded++;
      } else if (line.op === " ") copyUntil(copied + 1);
      else {
        copied++;
        linesRemoved++;
      }
    }
  };

  chunks.forEach((chunk, n) => {
    let from = copied;
    let anchorLine = -1;
    for (const anchor of chunk.anchors) {
      const found = seekSequence(index, [anchor], { from });
      if (!found) {
        throw new ChunkNotFoundError(
          path,
          n + 1,
          describeMiss(index, [anchor], from, `the context line "@@ ${anchor}"`),
        );
      }
      anchorLine = found.start;
      from = found.start + 1;
    }
    let lines = chunk.lines;
    let old = oldSide(lines);
    if (old.length === 0) {
      const end = table.length;
      const hinted =
        chunk.hint !== undefined && !chunk.endOfFile ? Math.min(Math.max(chunk.hint, from), end) : end;
      place(chunk.anchors.length > 0 ? from : hinted, lines);
      return;
    }
    const seek = (pattern: readonly string[]): SeekResult | undefined => {
      const options = {
        from,
        endOfFile: chunk.endOfFile,
        ...(chunk.hint !== undefined ? { hint: chunk.hint } : {}),
      };
      // The anchor line itself may be the chunk's first context line.
      return (
        seekSequence(index, pattern, options) ??
        (anchorLine >= 0 ? seekSequence(index, pattern, { ...options, from: anchorLine }) : undefined)
      );
    };
    let found = seek(old);
    if (!found) {
      // Blank context lines at the end of a chunk are often the blank line before the next header, not the file's.
      let end = lines.length;
      while (end > 0 && lines[end - 1]?.op === " " && lines[end - 1]?.text.trim() === "") end--;
      if (end < lines.length && end > 0) {
        const trimmed = lines.slice(0, end);
        const trimmedOld = oldSide(trimmed);
        const retry = trimmedOld.length > 0 ? seek(trimmedOld) : undefined;
        if (retry) {
          found = retry;
          lines = trimmed;
          old = trimmedOld;
        }
      }
    }
    if (!found) {
      throw new ChunkNotFoundError(
        path,
        n + 1,
        describeMiss(index, old, from, `the chunk's lines (patch line ${chunk.patchLine})`),
      );
    }
    place(found.start, lines);
  });
  copyUntil(table.length);

  if (table.length - linesRemoved + linesAdded === 0) return { content: bom, linesAdded, linesRemoved };
  // Codex ends every updated file with a newline; a unified diff says so with `\ No newline at end of file`.
  const newNoNewline = format === "unified" && chunks.some((chunk) => chunk.newNoNewline);
  const addNewline = format === "codex" || chunks.some((chunk) => chunk.oldNoNewline);
  if (open && addNewline && !newNoNewline) pieces.push(eol);
  let body = pieces.join("");
  if (newNoNewline)
    body = body.endsWith("\r\n") ? body.slice(0, -2) : body.endsWith("\n") ? body.slice(0, -1) : body;
  return { content: bom + body, linesAdded, linesRemoved };
}
