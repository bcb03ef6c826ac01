import type { Stats } from "node:fs";
import { lstat, readFile, realpath, stat } from "node:fs/promises";
import { throwIfAborted } from "../core/index.js";
import { type FilePolicy, resolveForWrite, type WorkspacePath } from "../workspace/index.js";
import { applyChunks } from "./apply-chunks.js";
import { parsePatch } from "./parse.js";
import { PatchTargetError } from "./patch-target-error.js";
import { binaryReason, decodeUtf8, formatText } from "./text-file.js";
import type { FileChangeSummary, FileOperation, ParsedPatch } from "./types.js";

/** One file write (or deletion when `content` is null) that a patch needs. */
export interface PlannedWrite {
  /** Absolute path. */
  path: string;
  /** Path relative to the workspace, `/`-separated. */
  relative: string;
  /** New content, or null to delete the file. */
  content: string | null;
  /** Permission bits for the written file (from the file it replaces, or the patch). */
  mode?: number;
}

/** Everything a patch will do, computed in memory before anything is written. */
export interface PatchPlan {
  /** The workspace root. */
  cwd: string;
  writes: PlannedWrite[];
  /** One entry per file operation, in patch order. */
  files: FileChangeSummary[];
}

/** Options for planning or applying a patch. */
export interface PatchOptions {
  /** The workspace root; every path of the patch must resolve inside it. */
  cwd: string;
  /** Stops the work before anything is written. */
  signal?: AbortSignal;
  /**
   * The session's sandbox policy for files: every write is checked against it through held directory descriptors.
   * Without one, writes are only kept inside the workspace (and out of git metadata).
   */
  files?: FilePolicy;
  /**
   * Where a file's current text comes from, when not the disk alone: an editor's live buffer (ACP
   * `fs/read_text_file`). The disk is still read first, so a binary or non-UTF-8 file is refused all the same.
   */
  readText?: (absolutePath: string) => Promise<string>;
}

interface Resolved extends WorkspacePath {
  stats?: Stats;
  /** Set when the given path is a symlink: the link itself (`absolute` is then its target). */
  link?: WorkspacePath;
}

interface DiskFile {
  exists: boolean;
  content?: string;
  mode?: number;
}

interface VirtualFile {
  relative: string;
  content: string | null;
  mode?: number;
}

function countLines(content: string): number {
  if (content === "") return 0;
  let count = 0;
  for (let i = content.indexOf("\n"); i !== -1; i = content.indexOf("\n", i + 1)) count++;
  return content.endsWith("\n") ? count : count + 1;
}

async function countLinesOnDisk(absolute: string): Promise<number> {
  const buffer = await readFile(absolute).catch(() => Buffer.alloc(0));
  if (buffer.length === 0) return 0;
  let count = 0;
  for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) count++;
  return buffer[buffer.length - 1] === 10 ? count : count + 1;
}

/** Reads the tree as the patch sees it: the disk, overlaid with what earlier operations of the patch did. */
class Workspace {
  readonly files = new Map<string, VirtualFile>();
  private readonly disk = new Map<string, DiskFile>();

  constructor(
    readonly cwd: string,
    private readonly readText?: (absolutePath: string) => Promise<string>,
  ) {}

  /**
   * Resolves a path of the patch. A symlink (inside the workspace) resolves to its target, so writes go through it
   * and the link survives; `link` is then the link itself, which deletes and moves remove instead of the target.
   */
  async resolve(given: string): Promise<Resolved> {
    const resolved = resolveForWrite(this.cwd, given);
    const stats = await lstat(resolved.absolute).catch(() => undefined);
    if (stats?.isSymbolicLink()) {
      const target = await realpath(resolved.absolute);
      return { ...resolveForWrite(this.cwd, target), stats: await stat(target), link: resolved };
    }
    return { ...resolved, ...(stats ? { stats } : {}) };
  }

  /** Whether a symlink exists now (not deleted or moved away by an earlier operation). */
  linkExists(link: WorkspacePath): boolean {
    if (this.files.get(link.absolute)?.content === null) return false;
    if (!this.disk.has(link.absolute)) this.disk.set(link.absolute, { exists: true });
    return true;
  }

  private async fromDisk(
    absolute: string,
    given: string,
    stats: Stats | undefined,
    needText: boolean,
  ): Promise<DiskFile> {
    const cached = this.disk.get(absolute);
    if (cached && (cached.content !== undefined || !needText || !cached.exists)) return cached;
    if (!stats) return this.remember(absolute, { exists: false });
    if (stats.isDirectory()) throw new PatchTargetError(given, "it is a directory");
    if (!stats.isFile()) throw new PatchTargetError(given, "it is not a regular file");
    const file: DiskFile = { exists: true, mode: stats.mode & 0o7777 };
    if (needText) {
      const buffer = await readFile(absolute).catch((error: NodeJS.ErrnoException) => {
        throw new PatchTargetError(given, `it cannot be read (${error.code ?? error.message})`);
      });
      const binary = binaryReason(buffer);
      if (binary) throw new PatchTargetError(given, binary);
      const content = decodeUtf8(buffer);
      if (content === undefined) throw new PatchTargetError(given, "it is not valid UTF-8 text");
      file.content = this.readText
        ? await this.readText(absolute).catch((error: Error) => {
            throw new PatchTargetError(given, `the editor could not read it (${error.message})`);
          })
        : content;
    }
    return this.remember(absolute, file);
  }

  private remember(absolute: string, file: DiskFile): DiskFile {
    this.disk.set(absolute, file);
    return file;
  }

  /** The current content and mode of a file, or undefined when it does not exist (now). */
  async read(absolute: string, given: string, stats: Stats | undefined, needText: boolean) {
    const planned = this.files.get(absolute);
    if (planned)
      return planned.content === null ? undefined : { content: planned.content, mode: planned.mode };
    const disk = await this.fromDisk(absolute, given, stats, needText);
    return disk.exists ? { content: disk.content, mode: disk.mode } : undefined;
  }

  existedOnDisk(absolute: string): DiskFile | undefined {
    return this.disk.get(absolute);
  }
}

async function planOperation(
  workspace: Workspace,
  operation: FileOperation,
  format: ParsedPatch["format"],
): Promise<FileChangeSummary> {
  const target = await workspace.resolve(operation.path);
  if (operation.type === "add") {
    const existing = await workspace.read(target.absolute, operation.path, target.stats, false);
    const content = formatText({
      bom: false,
      eol: "\n",
      lines: operation.lines,
      finalNewline: operation.finalNewline,
    });
    const mode = operation.mode ?? existing?.mode;
    workspace.files.set(target.absolute, {
      relative: target.relative,
      content,
      ...(mode !== undefined ? { mode } : {}),
    });
    return { path: operation.path, kind: "added", linesAdded: operation.lines.length, linesRemoved: 0 };
  }
  if (operation.type === "delete") {
    // A symlink is deleted itself, never its target.
    const { link } = target;
    const existing = link
      ? workspace.linkExists(link) && { content: "" }
      : await workspace.read(target.absolute, operation.path, target.stats, false);
    if (!existing) throw new PatchTargetError(operation.path, "it does not exist, so it cannot be deleted");
    const removed =
      existing.content !== undefined ? countLines(existing.content) : await countLinesOnDisk(target.absolute);
    const deleted = link ?? target;
    workspace.files.set(deleted.absolute, { relative: deleted.relative, content: null });
    return { path: operation.path, kind: "deleted", linesAdded: 0, linesRemoved: removed };
  }
  const existing = await workspace.read(target.absolute, operation.path, target.stats, true);
  if (!existing)
    throw new PatchTargetError(
      operation.path,
      "it does not exist, so it cannot be updated (use '*** Add File:' to create it)",
    );
  const patched = applyChunks(existing.content ?? "", operation.chunks, operation.path, format);
  const content = patched.content;
  const mode = operation.mode ?? existing.mode;
  const counts = { linesAdded: patched.linesAdded, linesRemoved: patched.linesRemoved };
  if (operation.moveTo === undefined) {
    workspace.files.set(target.absolute, {
      relative: target.relative,
      content,
      ...(mode !== undefined ? { mode } : {}),
    });
    return { path: operation.path, kind: "modified", ...counts };
  }
  const destination = await workspace.resolve(operation.moveTo);
  if (destination.stats?.isDirectory())
    throw new PatchTargetError(operation.moveTo, "it is a directory, so the file cannot be moved there");
  // Moving a symlink removes the link, like `mv`; its target stays.
  const source = target.link ?? target;
  if (destination.absolute !== source.absolute) {
    if (target.link) workspace.linkExists(target.link);
    workspace.files.set(source.absolute, { relative: source.relative, content: null });
  }
  workspace.files.set(destination.absolute, {
    relative: destination.relative,
    content,
    ...(mode !== undefined ? { mode } : {}),
  });
  return { path: operation.moveTo, kind: "moved", from: operation.path, ...counts };
}

/**
 * Works out everything a patch will do without writing: parses it, checks every path against the workspace,
 * reads the files and applies the chunks in memory. Throws a typed error when any part would fail.
 */
export async function planPatch(patch: string | ParsedPatch, options: PatchOptions): Promise<PatchPlan> {
  const parsed = typeof patch === "string" ? parsePatch(patch) : patch;
  const workspace = new Workspace(options.cwd, options.readText);
  const files: FileChangeSummary[] = [];
  for (const operation of parsed.operations) {
    throwIfAborted(options.signal);
    files.push(await planOperation(workspace, operation, parsed.format));
  }
  const writes: PlannedWrite[] = [];
  for (const [absolute, file] of workspace.files) {
    const disk = workspace.existedOnDisk(absolute);
    if (file.content === null) {
      if (disk?.exists) writes.push({ path: absolute, relative: file.relative, content: null });
      continue;
    }
    if (disk?.content === file.content && (file.mode === undefined || file.mode === disk.mode)) continue;
    writes.push({
      path: absolute,
      relative: file.relative,
      content: file.content,
      ...(file.mode !== undefined ? { mode: file.mode } : {}),
    });
  }
  return { cwd: options.cwd, writes, files };
}
