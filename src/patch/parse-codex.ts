import { PatchParseError } from "./patch-parse-error.js";
import type { Chunk, ChunkLine, FileOperation, ParsedPatch, UpdateFileOperation } from "./types.js";

export const BEGIN_PATCH = "*** Begin Patch";
export const END_PATCH = "*** End Patch";
const ADD_FILE = "*** Add File:";
const DELETE_FILE = "*** Delete File:";
const UPDATE_FILE = "*** Update File:";
const MOVE_TO = "*** Move to:";
const END_OF_FILE = "*** End of File";
/** A unified-diff hunk header used inside a Codex patch: `@@ -12,3 +12,4 @@ optional anchor`. */
const NUMBERED_HEADER = /^-(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@ ?(.*)$/;

function isOperationHeader(trimmed: string): boolean {
  return (
    trimmed.startsWith(ADD_FILE) ||
    trimmed.startsWith(DELETE_FILE) ||
    trimmed.startsWith(UPDATE_FILE) ||
    trimmed === END_PATCH
  );
}

/** Parses the Codex patch format. `lines[0]` is line `firstLine` (1-based) of the original text. */
export function parseCodexPatch(lines: readonly string[], firstLine: number): ParsedPatch {
  return new CodexParser(lines, firstLine).parse();
}

class CodexParser {
  private i = 1;
  private end = 0;

  constructor(
    private readonly lines: readonly string[],
    private readonly firstLine: number,
  ) {}

  private lineNumber(index: number): number {
    return this.firstLine + index;
  }

  private fail(index: number, message: string): never {
    throw new PatchParseError(this.lineNumber(index), message);
  }

  private path(index: number, trimmed: string, marker: string): string {
    const path = trimmed.slice(marker.length).trim();
    if (path === "") this.fail(index, `'${marker}' must be followed by a path.`);
    return path;
  }

  parse(): ParsedPatch {
    const { lines } = this;
    if (lines.length === 0 || lines[0]?.trim() !== BEGIN_PATCH) {
      this.fail(0, `The first line of the patch must be '${BEGIN_PATCH}'.`);
    }
    this.end = lines.length - 1;
    if (this.end === 0 || lines[this.end]?.trim() !== END_PATCH) {
      this.fail(this.end, `The last line of the patch must be '${END_PATCH}' (was the patch cut off?).`);
    }
    const operations: FileOperation[] = [];
    while (this.i < this.end) {
      const trimmed = (lines[this.i] as string).trim();
      if (trimmed === "") {
        this.i++;
      } else if (trimmed.startsWith(ADD_FILE)) {
        operations.push(this.addFile(trimmed));
      } else if (trimmed.startsWith(DELETE_FILE)) {
        operations.push({
          type: "delete",
          path: this.path(this.i, trimmed, DELETE_FILE),
          patchLine: this.lineNumber(this.i),
        });
        this.i++;
      } else if (trimmed.startsWith(UPDATE_FILE)) {
        operations.push(this.updateFile(trimmed));
      } else {
        this.fail(
          this.i,
          `${JSON.stringify(trimmed.slice(0, 200))} is not a valid file operation header. Valid headers: '*** Add File: <path>', '*** Delete File: <path>', '*** Update File: <path>'.`,
        );
      }
    }
    if (operations.length === 0)
      this.fail(0, "The patch contains no file operations; there is nothing to do.");
    return { format: "codex", operations };
  }

  private addFile(trimmed: string): FileOperation {
    const start = this.i;
    const path = this.path(start, trimmed, ADD_FILE);
    const content: string[] = [];
    this.i++;
    while (this.i < this.end) {
      const line = this.lines[this.i] as string;
      if (line.startsWith("+")) {
        content.push(line.slice(1));
        this.i++;
        continue;
      }
      if (line.trim() !== "") break;
      // A blank line without its '+': part of the file when more '+' lines follow, else the gap before the next header.
      let next = this.i;
      while (next < this.end && (this.lines[next] as string).trim() === "") next++;
      if (next >= this.end || !(this.lines[next] as string).startsWith("+")) break;
      for (; this.i < next; this.i++) content.push("");
    }
    return {
      type: "add",
      path,
      lines: content,
      finalNewline: content.length > 0,
      patchLine: this.lineNumber(start),
    };
  }

  private updateFile(trimmed: string): UpdateFileOperation {
    const start = this.i;
    const path = this.path(start, trimmed, UPDATE_FILE);
    this.i++;
    let moveTo: string | undefined;
    const moveLine = this.lines[this.i]?.trim() ?? "";
    if (this.i < this.end && moveLine.startsWith(MOVE_TO)) {
      moveTo = this.path(this.i, moveLine, MOVE_TO);
      this.i++;
    }
    const chunks: Chunk[] = [];
    while (this.i < this.end) {
      const line = this.lines[this.i] as string;
      const lineTrimmed = line.trim();
      if (lineTrimmed === "") {
        this.i++;
        continue;
      }
      if (isOperationHeader(lineTrimmed)) break;
      chunks.push(this.chunk(path, chunks.length));
    }
    if (chunks.length === 0 && moveTo === undefined) {
      this.fail(start, `The update of "${path}" is empty: add a chunk ('@@' then ' ', '-' and '+' lines).`);
    }
    const operation: UpdateFileOperation = {
      type: "update",
      path,
      chunks,
      patchLine: this.lineNumber(start),
    };
    if (moveTo !== undefined) operation.moveTo = moveTo;
    return operation;
  }

  private chunk(path: string, index: number): Chunk {
    const start = this.i;
    const anchors: string[] = [];
    let hint: number | undefined;
    // One or more headers: `@@`, `@@ <anchor line>` (stacked ones narrow down step by step), `@@ -a,b +c,d @@`.
    for (;;) {
      const line = this.lines[this.i] as string;
      if (this.i >= this.end || !line.startsWith("@@")) break;
      const trimmed = line.trimEnd();
      let anchor = trimmed === "@@" ? "" : trimmed.startsWith("@@ ") ? trimmed.slice(3) : undefined;
      if (anchor === undefined)
        this.fail(this.i, `Expected '@@' or '@@ <context line>', got ${JSON.stringify(line)}.`);
      const numbered = NUMBERED_HEADER.exec(anchor.trim());
      if (numbered) {
        const oldStart = Number(numbered[1]);
        hint = numbered[2] === "0" ? oldStart : Math.max(0, oldStart - 1);
        anchor = (numbered[3] ?? "").trim() === "" ? "" : (numbered[3] as string);
      }
      if (anchor.trim() !== "") anchors.push(anchor.trimEnd());
      this.i++;
    }
    if (this.i === start) {
      const line = this.lines[start] as string;
      const first = line[0];
      if (index > 0 || (first !== " " && first !== "+" && first !== "-")) {
        this.fail(
          start,
          `Expected a chunk header ('@@' or '@@ <context line>') in the update of "${path}", got ${JSON.stringify(line.slice(0, 200))}.`,
        );
      }
    }
    const body: ChunkLine[] = [];
    let endOfFile = false;
    while (this.i < this.end) {
      const line = this.lines[this.i] as string;
      if (line.trimEnd() === END_OF_FILE) {
        endOfFile = true;
        this.i++;
        break;
      }
      const op = line === "" ? " " : line[0];
      if (op !== " " && op !== "+" && op !== "-") break;
      body.push({ op, text: line.slice(1) });
      this.i++;
    }
    if (body.length === 0) {
      const next = this.lines[this.i] ?? "";
      this.fail(
        this.i < this.end ? this.i : start,
        `Chunk ${index + 1} of the update to "${path}" has no lines; every line must start with ' ' (context), '-' (remove) or '+' (add)${this.i < this.end ? `, got ${JSON.stringify(next.slice(0, 200))}` : ""}.`,
      );
    }
    const chunk: Chunk = { anchors, lines: body, endOfFile, patchLine: this.lineNumber(start) };
    if (hint !== undefined) chunk.hint = hint;
    return chunk;
  }
}
