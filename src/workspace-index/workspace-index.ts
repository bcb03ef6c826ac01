import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import path from "node:path";
import type { ChunkInput, Embedder, VectorStore } from "../memory/index.js";
import { chunkFile, type FileChunk } from "./chunking/index.js";
import { codeEmbedder } from "./code-embedder.js";
import { IndexMissingError, IndexRootError } from "./errors/index.js";
import { type FileRow, FileTable } from "./file-table.js";
import { findIndexedRoot, indexDirectory, realRoot } from "./location.js";
import { pathGlob } from "./path-glob.js";
import { readSource } from "./read-source.js";
import { type Candidate, scanWorkspace } from "./scan.js";

/** Files read, chunked and written per transaction: a kill -9 loses at most one batch's work. */
const BATCH_FILES = 32;

/** Options for {@link WorkspaceIndex.open}. */
export interface WorkspaceIndexOptions {
  /** The data directory (`$ART_HOME`); the index goes to `<artHome>/memory/workspaces/<id>/`. */
  artHome: string;
  /** Default: the offline default embedder (loaded on first use). */
  embedder?: Embedder;
  /** gitignore-style patterns never indexed; default: the checkpoint exclude list. */
  excludes?: readonly string[];
}

/** What one {@link WorkspaceIndex.update} did. */
export interface IndexStats {
  /** Files in the workspace after excludes. */
  files: number;
  /** Files read and (re)chunked. */
  indexed: number;
  /** Files whose chunks were removed because they are gone or now ignored. */
  removed: number;
  /** Files left for a later run because the deadline passed. */
  pending: number;
  /** Time spent in the embedder (part of `ms`). */
  embedMs: number;
  ms: number;
}

/** One search result: a place to open with `read_file`. */
export interface CodeHit {
  path: string;
  startLine: number;
  endLine: number;
  symbol?: string;
  kind: string;
  score: number;
  /** The chunk's first lines. */
  preview: string;
}

function fileKey(relative: string): string {
  return createHash("sha256").update(relative).digest("hex").slice(0, 20);
}

function chunkId(relative: string, index: number): string {
  return `${fileKey(relative)}:${index}`;
}

function toInput(relative: string, hash: string, chunk: FileChunk, index: number): ChunkInput {
  // The path and symbol are part of the searched text: "where is the tokenizer" finds tokenizer.ts by name.
  const header = chunk.symbol ? `${relative} ${chunk.symbol}` : relative;
  return {
    id: chunkId(relative, index),
    text: `${header}\n${chunk.text}`,
    metadata: {
      path: relative,
      start_line: chunk.startLine,
      end_line: chunk.endLine,
      symbol: chunk.symbol ?? null,
      kind: chunk.kind,
      blob: hash,
    },
  };
}

/**
 * A searchable index of one workspace's files: code chunked along its definitions, hybrid (BM25 + vector) search.
 * Updates are incremental by git blob id and crash-safe: every batch of files is written chunks-first, then
 * recorded, with chunk-id high-water marks raised beforehand, so a run killed at any point leaves a usable index
 * and the next run finishes the work.
 *
 * @example
 * ```ts
 * const index = await WorkspaceIndex.open("/repo", { artHome: resolveArtHome() });
 * await index.update();
 * const hits = await index.search("parse the config file", { k: 5 });
 * index.close();
 * ```
 */
export class WorkspaceIndex {
  /** The workspace's real path. */
  readonly root: string;
  /** Where the index files live. */
  readonly directory: string;
  readonly #store: VectorStore;
  readonly #files: FileTable;
  readonly #embedder: ReturnType<typeof codeEmbedder>;
  readonly #excludes: readonly string[] | undefined;
  readonly #artHome: string;

  private constructor(
    root: string,
    directory: string,
    parts: { store: VectorStore; files: FileTable; embedder: ReturnType<typeof codeEmbedder> },
    options: WorkspaceIndexOptions,
  ) {
    this.root = root;
    this.directory = directory;
    this.#store = parts.store;
    this.#files = parts.files;
    this.#embedder = parts.embedder;
    this.#excludes = options.excludes;
    this.#artHome = options.artHome;
  }

  /** Opens (creating if needed) the index of the workspace at `dir`. */
  static async open(dir: string, options: WorkspaceIndexOptions): Promise<WorkspaceIndex> {
    const root = realRoot(dir);
    if (!root || !statSync(root).isDirectory()) throw new IndexRootError(dir);
    const directory = indexDirectory(path.resolve(options.artHome), root);
    const memory = await import("../memory/index.js");
    const embedder = codeEmbedder(options.embedder ?? memory.defaultEmbedder());
    // The index is derived data: a changed embedder re-embeds instead of refusing.
    const store = await memory.Memory.vectorStore(directory, { embedder, reindex: true });
    try {
      const files = await FileTable.open(directory, root);
      return new WorkspaceIndex(root, directory, { store, files, embedder }, options);
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /** Opens the index of the nearest indexed folder at or above `cwd`; throws `index.missing` when there is none. */
  static async openExisting(cwd: string, options: WorkspaceIndexOptions): Promise<WorkspaceIndex> {
    const root = findIndexedRoot(path.resolve(options.artHome), cwd);
    if (!root) throw new IndexMissingError(realRoot(cwd) ?? cwd);
    return WorkspaceIndex.open(root, options);
  }

  /** True when the workspace at or above `cwd` has an index. */
  static exists(cwd: string, artHome: string): boolean {
    return findIndexedRoot(path.resolve(artHome), cwd) !== undefined;
  }

  /**
   * Brings the index up to date: reads only new and changed files, removes chunks of deleted ones. With `deadline`
   * (epoch ms) it stops between batches once past it and reports what is `pending`; the next call goes on.
   */
  async update(
    options: {
      deadline?: number;
      signal?: AbortSignal;
      onBatch?: (done: number, total: number) => void;
      /** Files (relative to the root) not to read now, e.g. what the caller's sandbox keeps unreadable; what the
       * index already holds of them stays (another caller may see it; search_code withholds such hits). */
      skipRead?: (relative: string) => boolean;
    } = {},
  ): Promise<IndexStats> {
    const started = Date.now();
    const embedBefore = this.#embedder.elapsedMs();
    const known = this.#files.all();
    const own = this.#ownFolder();
    const scan = await scanWorkspace(this.root, known, {
      ...(this.#excludes ? { excludes: this.#excludes } : {}),
      extraExcluded: own,
      ...(options.skipRead ? { skipRead: options.skipRead } : {}),
    });
    if (scan.removed.length > 0) this.#remove(scan.removed, known);
    let done = 0;
    for (let at = 0; at < scan.todo.length; at += BATCH_FILES) {
      options.signal?.throwIfAborted();
      if (options.deadline !== undefined && Date.now() > options.deadline) break;
      const batch = scan.todo.slice(at, at + BATCH_FILES);
      await this.#indexBatch(batch, known, options.signal);
      done += batch.length;
      options.onBatch?.(done, scan.todo.length);
    }
    return {
      files: scan.present,
      indexed: done,
      removed: scan.removed.length,
      pending: scan.todo.length - done,
      embedMs: Math.round(this.#embedder.elapsedMs() - embedBefore),
      ms: Date.now() - started,
    };
  }

  /** Hybrid search; `pathGlob` keeps hits whose path matches (`src/**\/*.ts`, `*.py`). */
  async search(
    query: string,
    options: {
      k?: number;
      pathGlob?: string;
      mode?: "hybrid" | "lexical" | "vector";
      signal?: AbortSignal;
    } = {},
  ): Promise<CodeHit[]> {
    const k = Math.max(1, Math.min(options.k ?? 10, 100));
    const keep = options.pathGlob ? pathGlob(options.pathGlob) : () => true;
    const hits = await this.#store.search(query, {
      limit: options.pathGlob ? Math.max(200, k) : k,
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return hits
      .filter((hit) => keep(String(hit.metadata.path)))
      .slice(0, k)
      .map((hit) => {
        const symbol = hit.metadata.symbol;
        return {
          path: String(hit.metadata.path),
          startLine: Number(hit.metadata.start_line),
          endLine: Number(hit.metadata.end_line),
          ...(typeof symbol === "string" ? { symbol } : {}),
          kind: String(hit.metadata.kind),
          score: hit.score,
          preview: hit.text.split("\n").slice(1, 4).join("\n"),
        };
      });
  }

  /** Number of chunks stored. */
  chunkCount(): number {
    return this.#store.count();
  }

  close(): void {
    this.#store.close();
    this.#files.close();
  }

  /** Excludes the index's own folder when `$ART_HOME` lies inside the workspace. */
  #ownFolder(): (relative: string) => boolean {
    const relative = path.relative(this.root, realRoot(this.#artHome) ?? this.#artHome);
    if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return () => false;
    const prefix = `${relative.split(path.sep).join("/")}/`;
    return (file) => file.startsWith(prefix) || `${file}/` === prefix;
  }

  #remove(paths: readonly string[], known: ReadonlyMap<string, FileRow>): void {
    // Chunks first, then the rows: a crash in between leaves rows whose chunks are gone, removed again next run.
    const ids = paths.flatMap((file) => {
      const row = known.get(file);
      return Array.from({ length: row?.maxChunks ?? 0 }, (_, i) => chunkId(file, i));
    });
    this.#store.delete(ids);
    this.#files.remove(paths);
  }

  async #indexBatch(
    batch: readonly Candidate[],
    known: Map<string, FileRow>,
    signal?: AbortSignal,
  ): Promise<void> {
    const rows: FileRow[] = [];
    const inputs: ChunkInput[] = [];
    const stale: string[] = [];
    for (const candidate of batch) {
      const source = await readSource(this.root, candidate.path);
      const old = known.get(candidate.path);
      const chunks =
        source.text !== undefined && source.hash !== old?.hash
          ? await chunkFile(candidate.path, source.text)
          : [];
      if (source.text !== undefined && source.hash === old?.hash && old) {
        // Same content, new mtime (a checkout, a touch): only the stat is recorded.
        rows.push({ ...old, size: source.size, mtimeMs: source.mtimeMs });
        continue;
      }
      chunks.forEach((chunk, i) => {
        inputs.push(toInput(candidate.path, source.hash, chunk, i));
      });
      const maxChunks = Math.max(old?.maxChunks ?? 0, chunks.length);
      for (let i = chunks.length; i < maxChunks; i++) stale.push(chunkId(candidate.path, i));
      rows.push({
        path: candidate.path,
        hash: source.hash,
        size: source.size,
        mtimeMs: source.mtimeMs,
        chunks: chunks.length,
        maxChunks,
        skipped: source.skipped ?? null,
      });
    }
    // 1. raise the high-water marks, 2. write chunks (one transaction), 3. drop stale ones, 4. record the files.
    this.#files.reserve(rows.map((row) => ({ path: row.path, maxChunks: row.maxChunks })));
    await this.#store.add(inputs, signal ? { signal } : {});
    if (stale.length > 0) this.#store.delete(stale);
    const recorded = rows.map((row) => ({ ...row, maxChunks: row.chunks }));
    this.#files.record(recorded);
    for (const row of recorded) known.set(row.path, row);
  }
}
