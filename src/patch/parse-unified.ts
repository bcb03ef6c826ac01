import { PatchParseError } from "./patch-parse-error.js";
import type { Chunk, ChunkLine, FileOperation, ParsedPatch } from "./types.js";

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  '"': '"',
  "\\": "\\",
  a: "\x07",
  b: "\b",
  f: "\f",
  r: "\r",
  v: "\v",
};

/** Undoes git's C-style quoting of a path with unusual characters (`"a/sp\303\244ce"`). */
function unquote(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== "\\") {
      bytes.push(...Buffer.from(char, "utf8"));
      continue;
    }
    const next = body[i + 1] ?? "";
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(...Buffer.from(ESCAPES[next] ?? next, "utf8"));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

interface FileDiff {
  headerLine: number;
  git: boolean;
  oldPath?: string | null;
  newPath?: string | null;
  renameFrom?: string;
  renameTo?: string;
  created?: boolean;
  deleted?: boolean;
  mode?: number;
  chunks: Chunk[];
}

/** Parses unified diffs (`git diff`, `diff -u`). `lines[0]` is line `firstLine` (1-based) of the original text. */
export function parseUnifiedDiff(lines: readonly string[], firstLine: number): ParsedPatch {
  const fail = (index: number, message: string): never => {
    throw new PatchParseError(firstLine + index, message);
  };
  const diffs: FileDiff[] = [];
  let i = 0;
  const pathOf = (index: number, raw: string, git: boolean, prefix: "a/" | "b/"): string | null => {
    let path = raw.startsWith('"') ? unquote(raw) : (raw.split("\t")[0] as string).trimEnd();
    if (path === "/dev/null") return null;
    if (git && path.startsWith(prefix)) path = path.slice(2);
    if (path === "") fail(index, "A file header names no path.");
    return path;
  };

  while (i < lines.length) {
    const line = lines[i] as string;
    const isGit = line.startsWith("diff --git ");
    const isPlain = line.startsWith("--- ") && (lines[i + 1] ?? "").startsWith("+++ ");
    if (!isGit && !isPlain) {
      i++; // Commit messages, `index` lines of non-git diffs and other chatter are skipped, as `git apply` does.
      continue;
    }
    const diff: FileDiff = { headerLine: firstLine + i, git: isGit, chunks: [] };
    diffs.push(diff);
    if (isGit) {
      const paths = gitHeaderPaths(line.slice("diff --git ".length));
      if (paths) [diff.oldPath, diff.newPath] = paths;
      i++;
      for (; i < lines.length; i++) {
        const header = lines[i] as string;
        const mode = /^(new file mode|deleted file mode|new mode) ([0-7]+)$/.exec(header);
        if (mode) {
          if (mode[1] === "new file mode") diff.created = true;
          if (mode[1] === "deleted file mode") diff.deleted = true;
          else diff.mode = Number.parseInt(mode[2] as string, 8) & 0o7777;
        } else if (header.startsWith("rename from ")) diff.renameFrom = unquote(header.slice(12));
        else if (header.startsWith("rename to ")) diff.renameTo = unquote(header.slice(10));
        else if (header.startsWith("copy from ") || header.startsWith("copy to ")) {
          fail(i, "Copies ('copy from'/'copy to') are not supported; add the new file instead.");
        } else if (header.startsWith("Binary files ") || header === "GIT binary patch") {
          fail(i, "Binary patches are not supported; only text files can be patched.");
        } else if (!/^(old mode|similarity index|dissimilarity index|index) /.test(header)) break;
      }
    }
    if ((lines[i] ?? "").startsWith("--- ") && (lines[i + 1] ?? "").startsWith("+++ ")) {
      const oldRaw = (lines[i] as string).slice(4);
      const newRaw = (lines[i + 1] as string).slice(4);
      // Without `diff --git`, strip git's a/ b/ prefixes only when both sides carry them (or the other is /dev/null).
      const prefixed =
        isGit ||
        ((oldRaw.startsWith("a/") || oldRaw.startsWith("/dev/null")) &&
          (newRaw.startsWith("b/") || newRaw.startsWith("/dev/null")));
      diff.oldPath = pathOf(i, oldRaw, prefixed, "a/");
      diff.newPath = pathOf(i + 1, newRaw, prefixed, "b/");
      i += 2;
    }
    while (i < lines.length && (lines[i] as string).startsWith("@@"))
      i = parseHunk(lines, i, diff, fail, firstLine);
  }
  const operations = diffs.flatMap((diff) => toOperation(diff, fail, firstLine));
  if (operations.length === 0) fail(0, "The diff contains no file changes; there is nothing to do.");
  return { format: "unified", operations };
}

/** Splits `a/x b/y` (or quoted forms) from a `diff --git` line; undefined when ambiguous. */
function gitHeaderPaths(rest: string): [string, string] | undefined {
  const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
  const pair = quoted ? [unquote(quoted[1] as string), unquote(quoted[2] as string)] : undefined;
  if (pair?.[0]?.startsWith("a/") && pair[1]?.startsWith("b/")) return [pair[0].slice(2), pair[1].slice(2)];
  // Unquoted paths with spaces: `a/<p> b/<p>` with the same path twice.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.startsWith("a/") && rest.slice(half + 1).startsWith("b/")) {
    const left = rest.slice(2, half);
    if (left === rest.slice(half + 3)) return [left, left];
  }
  return undefined;
}

function parseHunk(
  lines: readonly string[],
  start: number,
  diff: FileDiff,
  fail: (index: number, message: string) => never,
  firstLine: number,
): number {
  const header = HUNK_HEADER.exec(lines[start] as string);
  if (!header)
    fail(
      start,
      `Malformed hunk header ${JSON.stringify((lines[start] as string).slice(0, 200))}; expected '@@ -a,b +c,d @@'.`,
    );
  const oldStart = Number(header[1]);
  const oldCount = header[2] === undefined ? 1 : Number(header[2]);
  let remainingOld = oldCount;
  let remainingNew = header[4] === undefined ? 1 : Number(header[4]);
  const body: ChunkLine[] = [];
  const chunk: Chunk = {
    anchors: [],
    lines: body,
    endOfFile: false,
    hint: oldCount === 0 ? oldStart : Math.max(0, oldStart - 1),
    patchLine: firstLine + start,
  };
  let i = start + 1;
  while (remainingOld > 0 || remainingNew > 0 || (lines[i] ?? "").startsWith("\\")) {
    if (i >= lines.length) {
      fail(
        start,
        `The hunk ends early (the diff was cut off?): ${remainingOld} old and ${remainingNew} new lines are missing.`,
      );
    }
    const line = lines[i] as string;
    const op = line === "" ? " " : line[0];
    if (op === "\\") {
      const previous = body[body.length - 1]?.op;
      if (previous !== "+") chunk.oldNoNewline = true;
      if (previous !== "-") chunk.newNoNewline = true;
    } else if (op === " " || op === "-" || op === "+") {
      if (op !== "+") remainingOld--;
      if (op !== "-") remainingNew--;
      if (remainingOld < 0 || remainingNew < 0) {
        fail(i, "The hunk has more lines than its header counts; fix the '@@ -a,b +c,d @@' numbers.");
      }
      body.push({ op, text: line.slice(1) });
    } else {
      fail(
        i,
        `The hunk ends early: expected ${remainingOld} more old and ${remainingNew} more new lines, got ${JSON.stringify(line.slice(0, 200))}.`,
      );
    }
    i++;
  }
  const next = lines[i] ?? "";
  const nextFile = next.startsWith("--- ") && (lines[i + 1] ?? "").startsWith("+++ ");
  if (/^[-+ ]/.test(next) && !nextFile) {
    fail(i, "The hunk has more lines than its header counts; fix the '@@ -a,b +c,d @@' numbers.");
  }
  diff.chunks.push(chunk);
  return i;
}

function toOperation(
  diff: FileDiff,
  fail: (index: number, message: string) => never,
  firstLine: number,
): FileOperation[] {
  const oldPath = diff.renameFrom ?? diff.oldPath;
  const newPath = diff.renameTo ?? diff.newPath;
  const patchLine = diff.headerLine;
  if (diff.created || oldPath === null) {
    if (!newPath) return fail(patchLine - firstLine, "A new file's diff names no path.");
    const added = diff.chunks.flatMap((chunk) =>
      chunk.lines.filter((line) => line.op === "+").map((line) => line.text),
    );
    const last = diff.chunks[diff.chunks.length - 1];
    const operation: FileOperation = {
      type: "add",
      path: newPath,
      lines: added,
      finalNewline: added.length > 0 && !last?.newNoNewline,
      patchLine,
    };
    if (diff.mode !== undefined) operation.mode = diff.mode;
    return [operation];
  }
  if (!oldPath) return fail(patchLine - firstLine, "The diff names no path for this file.");
  if (diff.deleted || newPath === null) return [{ type: "delete", path: oldPath, patchLine }];
  if (diff.chunks.length === 0 && diff.mode === undefined && (!newPath || newPath === oldPath)) return [];
  const operation: FileOperation = { type: "update", path: oldPath, chunks: diff.chunks, patchLine };
  if (newPath && newPath !== oldPath) operation.moveTo = newPath;
  if (diff.mode !== undefined) operation.mode = diff.mode;
  return [operation];
}
