/** One line of an update chunk: kept (`" "`), removed (`"-"`) or added (`"+"`). */
export interface ChunkLine {
  op: " " | "-" | "+";
  /** The line's text, without its line terminator. */
  text: string;
}

/** A run of lines to find in a file and change. */
export interface Chunk {
  /** `@@ anchor` lines, sought in order before the chunk's own lines; empty when the chunk has none. */
  anchors: string[];
  lines: ChunkLine[];
  /** The chunk was closed by `*** End of File`: its lines end the file. */
  endOfFile: boolean;
  /** 0-based line in the original file where a unified diff says the chunk starts; a hint, not a promise. */
  hint?: number;
  /** Unified diffs only: the old side's last line had no newline (`\ No newline at end of file`). */
  oldNoNewline?: boolean;
  /** Unified diffs only: the new side's last line has no newline. */
  newNoNewline?: boolean;
  /** 1-based line of the chunk's header in the patch text, for error messages. */
  patchLine: number;
}

/** Creates (or replaces) a file. */
export interface AddFileOperation {
  type: "add";
  path: string;
  /** The new file's lines, without terminators. */
  lines: string[];
  /** False when the file must not end with a newline (unified diffs can say so). */
  finalNewline: boolean;
  /** File mode from a git diff's `new file mode`, e.g. 0o755. */
  mode?: number;
  patchLine: number;
}

/** Deletes a file. */
export interface DeleteFileOperation {
  type: "delete";
  path: string;
  patchLine: number;
}

/** Edits a file in place, and optionally moves it. */
export interface UpdateFileOperation {
  type: "update";
  path: string;
  /** New path when the file is also renamed. */
  moveTo?: string;
  chunks: Chunk[];
  /** File mode from a git diff's `new mode`, e.g. 0o755. */
  mode?: number;
  patchLine: number;
}

/** One file operation of a patch. */
export type FileOperation = AddFileOperation | DeleteFileOperation | UpdateFileOperation;

/** A parsed patch, format-independent. */
export interface ParsedPatch {
  /** Which syntax the text used; decides the trailing-newline rule. */
  format: "codex" | "unified";
  operations: FileOperation[];
}

/** What one operation of a patch did (the `files` of a `patch.applied` event). */
export interface FileChangeSummary {
  /** Path as the patch named it (the destination for a move). */
  path: string;
  kind: "added" | "modified" | "deleted" | "moved";
  /** Original path when `kind` is `moved`. */
  from?: string;
  linesAdded: number;
  linesRemoved: number;
}
