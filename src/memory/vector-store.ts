import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { ANN_THRESHOLD, AnnSearch } from "./ann-search.js";
import type { Embedder } from "./embedder.js";
import {
  ChunkNotFoundError,
  EmbedderMismatchError,
  EmbedderOutputError,
  MemoryInputError,
} from "./errors/index.js";
import { fuseRanks } from "./rrf.js";
import { ensureSchema, readMeta, writeMeta } from "./schema.js";
import { filterSql, ftsQuery, type MetadataFilter, type MetadataValue, vectorBlob } from "./sql-parts.js";
import { StatementCache } from "./statement-cache.js";

/** A chunk to index. Adding an existing id replaces it (so re-running an indexing job is idempotent). */
export interface ChunkInput {
  id: string;
  text: string;
  metadata?: Readonly<Record<string, MetadataValue>>;
}

/** A stored chunk. */
export interface Chunk {
  id: string;
  text: string;
  metadata: Record<string, MetadataValue>;
  createdAt: number;
  updatedAt: number;
}

/** A search hit; `score` is the fused RRF score (higher is better). */
export interface SearchHit extends Chunk {
  score: number;
}

/** Options for {@link VectorStore.search}. */
export interface SearchOptions {
  limit?: number;
  filter?: MetadataFilter;
  /** `hybrid` (default) fuses BM25 and vector ranks; the others use one list. */
  mode?: "hybrid" | "lexical" | "vector";
  signal?: AbortSignal;
}

/** Options for {@link openVectorStore}. */
export interface VectorStoreOptions {
  embedder: Embedder;
  /** Re-embed every chunk when the store was indexed with another embedder, instead of refusing. */
  reindex?: boolean;
  /** Vector count from which searches go through the HNSW side index (default {@link ANN_THRESHOLD}). */
  annThreshold?: number;
}

const ID = /^[^\u0000-\u001f]{1,256}$/;
const CANDIDATES = 50;

interface Row {
  rowid: number;
  id: string;
  text: string;
  metadata: string;
  created_at: number;
  updated_at: number;
}

function toChunk(row: Row): Chunk {
  return {
    id: row.id,
    text: row.text,
    metadata: JSON.parse(row.metadata) as Record<string, MetadataValue>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function hashOf(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * A chunk store with a BM25 index (SQLite FTS5) and vectors (sqlite-vec), all in one SQLite file, so every
 * add/update/delete is one transaction: a crash leaves either the old or the new state, never a chunk without its
 * vector. Vector search is exact (a scan with `vec_distance_cosine`), so metadata filters never lose hits.
 *
 * @example
 * ```ts
 * const store = await Memory.vectorStore(".art/memory", { embedder });
 * await store.add([{ id: "a", text: "the build uses tsc", metadata: { scope: "workspace" } }]);
 * const hits = await store.search("how do we build?", { filter: { scope: "workspace" } });
 * store.close();
 * ```
 */
export class VectorStore {
  readonly #db: Database.Database;
  readonly #embedder: Embedder;
  readonly #ann: AnnSearch;
  readonly #annThreshold: number;
  readonly #sql: StatementCache;

  /** @internal use {@link openVectorStore}. */
  constructor(db: Database.Database, embedder: Embedder, dir: string, annThreshold = ANN_THRESHOLD) {
    this.#db = db;
    this.#sql = new StatementCache(db);
    this.#embedder = embedder;
    this.#ann = new AnnSearch(db, dir, embedder);
    this.#annThreshold = annThreshold;
  }

  #knownCount: number | undefined;

  /** The chunk count as of this process's last write (it only picks exact or ANN search; both are right). */
  #approxCount(): number {
    this.#knownCount ??= this.count();
    return this.#knownCount;
  }

  /** Number of chunks. */
  count(): number {
    return (this.#sql.get("SELECT count(*) AS n FROM chunks").get() as { n: number }).n;
  }

  /** Adds or replaces chunks. Unchanged chunks (same text and metadata) are skipped without embedding. */
  async add(inputs: readonly ChunkInput[], options: { signal?: AbortSignal } = {}): Promise<void> {
    const seen = new Set<string>();
    for (const input of inputs) {
      if (!ID.test(input.id)) {
        throw new MemoryInputError(`Chunk id "${input.id}" is not valid.`, "Use 1–256 printable characters.");
      }
      if (seen.has(input.id))
        throw new MemoryInputError(`Chunk id "${input.id}" appears twice.`, "Make ids unique.");
      seen.add(input.id);
    }
    const existing = this.#sql.get("SELECT content_hash FROM chunks WHERE id = ?");
    const todo = inputs.filter((input) => {
      const row = existing.get(input.id) as { content_hash: string } | undefined;
      return row?.content_hash !== hashOf(input.text + JSON.stringify(input.metadata ?? {}));
    });
    if (todo.length === 0) return;
    // Embed before the transaction: a slow network call must not hold the write lock.
    const vectors = await this.#embed(
      todo.map((t) => t.text),
      options.signal,
    );
    const now = Date.now();
    try {
      this.#db.transaction(() => {
        for (const [i, input] of todo.entries()) this.#write(input, vectors[i] as Float32Array, now);
        this.#pruneSmall();
      })();
    } finally {
      this.#ann.markChanged();
    }
  }

  /** Changes a chunk's text and/or metadata (metadata is replaced, not merged). */
  async update(
    id: string,
    change: { text?: string; metadata?: Readonly<Record<string, MetadataValue>> },
  ): Promise<void> {
    const current = this.get(id);
    if (!current) throw new ChunkNotFoundError(id);
    await this.add([
      { id, text: change.text ?? current.text, metadata: change.metadata ?? current.metadata },
    ]);
  }

  /** Deletes chunks; returns how many existed. */
  delete(ids: readonly string[]): number {
    let removed = 0;
    this.#ann.markChanged();
    this.#db.transaction(() => {
      for (const id of ids) {
        const row = this.#sql.get("SELECT rowid FROM chunks WHERE id = ?").get(id) as
          | { rowid: number }
          | undefined;
        if (!row) continue;
        this.#removeRow(row.rowid);
        removed += 1;
      }
      this.#pruneSmall();
    })();
    return removed;
  }

  /** One chunk, or undefined. */
  get(id: string): Chunk | undefined {
    const row = this.#sql.get("SELECT * FROM chunks c WHERE id = ?").get(id) as Row | undefined;
    return row ? toChunk(row) : undefined;
  }

  /** Chunks matching a filter, oldest first. */
  list(options: { filter?: MetadataFilter; limit?: number } = {}): Chunk[] {
    const where = filterSql(options.filter);
    const rows = this.#sql
      .get(`SELECT * FROM chunks c WHERE ${where.sql} ORDER BY c.rowid LIMIT ?`)
      .all(...where.params, options.limit ?? -1) as Row[];
    return rows.map(toChunk);
  }

  /** Hybrid search: BM25 and cosine ranks fused by reciprocal rank fusion. */
  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const limit = options.limit ?? 10;
    const mode = options.mode ?? "hybrid";
    const where = filterSql(options.filter);
    const lists: number[][] = [];
    if (mode !== "vector") lists.push(this.#lexical(query, where));
    if (mode !== "lexical") {
      const [vector] = await this.#embed([query], options.signal);
      const approximate =
        this.#approxCount() >= this.#annThreshold
          ? await this.#ann.nearest(
              vector as Float32Array,
              CANDIDATES,
              limit,
              options.filter ? where : undefined,
            )
          : undefined;
      lists.push(approximate ?? this.#nearest(vector as Float32Array, where));
    }
    const fused = [...fuseRanks(lists)].sort((a, b) => b[1] - a[1]).slice(0, limit);
    if (fused.length === 0) return [];
    // One query for all hits (measured 65 µs for 10 hits against 88 µs for 10 point lookups), then back in order.
    const rows = this.#sql
      .get("SELECT * FROM chunks c WHERE rowid IN (SELECT value FROM json_each(?))")
      .all(JSON.stringify(fused.map(([rowid]) => rowid))) as Row[];
    const byRowid = new Map(rows.map((row) => [row.rowid, row]));
    return fused.flatMap(([rowid, score]) => {
      const row = byRowid.get(rowid);
      return row ? [{ ...toChunk(row), score }] : [];
    });
  }

  /** Closes the file. */
  close(): void {
    this.#ann.flush();
    this.#db.close();
  }

  /** @internal re-embeds every chunk with the current embedder, in one transaction per batch of 64. */
  async reindexAll(): Promise<void> {
    const rows = this.#sql.get("SELECT rowid, text FROM chunks ORDER BY rowid").all() as Row[];
    const staged: Array<[number, Float32Array]> = [];
    for (let i = 0; i < rows.length; i += 64) {
      const batch = rows.slice(i, i + 64);
      const vectors = await this.#embed(batch.map((r) => r.text));
      for (const [j, r] of batch.entries()) staged.push([r.rowid, vectors[j] as Float32Array]);
    }
    // One transaction, so a crash mid-reindex keeps the old embedder's vectors and meta together.
    this.#db.transaction(() => {
      const put = this.#sql.get("UPDATE chunk_vectors SET embedding = ? WHERE rowid = ?");
      for (const [rowid, vector] of staged) put.run(vectorBlob(vector), rowid);
      writeMeta(this.#db, "embedder_id", this.#embedder.id);
      writeMeta(this.#db, "embedder_dimensions", String(this.#embedder.dimensions));
    })();
    this.#ann.reset();
  }

  /**
   * A store below the ANN threshold searches exactly, so its change log is not needed: emptied, with the pruned
   * point recorded, so a side index built later (or left from when the store was larger) is rebuilt, not trusted.
   */
  #pruneSmall(): void {
    this.#knownCount = this.count();
    if (this.#knownCount >= this.#annThreshold) return;
    const top = this.#sql.get("SELECT max(seq) AS seq FROM vector_changes").get() as {
      seq: number | null;
    };
    if (top.seq === null) return;
    this.#sql.get("DELETE FROM vector_changes").run();
    writeMeta(this.#db, "changes_pruned_through", String(top.seq));
  }

  #write(input: ChunkInput, vector: Float32Array, now: number): void {
    const old = this.#sql.get("SELECT rowid, created_at FROM chunks WHERE id = ?").get(input.id) as
      | { rowid: number; created_at: number }
      | undefined;
    if (old) this.#removeRow(old.rowid);
    const metadata = JSON.stringify(input.metadata ?? {});
    const info = this.#sql
      .get(
        "INSERT INTO chunks (id, text, metadata, content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(input.id, input.text, metadata, hashOf(input.text + metadata), old?.created_at ?? now, now);
    const rowid = Number(info.lastInsertRowid);
    this.#sql.get("INSERT INTO chunks_fts (rowid, text) VALUES (?, ?)").run(rowid, input.text);
    this.#sql
      .get("INSERT INTO chunk_vectors (rowid, embedding) VALUES (?, ?)")
      .run(rowid, vectorBlob(vector));
    this.#sql.get("INSERT INTO vector_changes (chunk_rowid) VALUES (?)").run(rowid);
  }

  #removeRow(rowid: number): void {
    this.#sql.get("DELETE FROM chunks_fts WHERE rowid = ?").run(rowid);
    this.#sql.get("DELETE FROM chunk_vectors WHERE rowid = ?").run(rowid);
    this.#sql.get("DELETE FROM chunks WHERE rowid = ?").run(rowid);
    this.#sql.get("INSERT INTO vector_changes (chunk_rowid) VALUES (?)").run(rowid);
  }

  #lexical(query: string, where: { sql: string; params: unknown[] }): number[] {
    const match = ftsQuery(query);
    if (!match) return [];
    const rows = this.#sql
      .get(
        `SELECT c.rowid AS rowid FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid
         WHERE chunks_fts MATCH ? AND ${where.sql} ORDER BY bm25(chunks_fts) LIMIT ?`,
      )
      .all(match, ...where.params, CANDIDATES) as Array<{ rowid: number }>;
    return rows.map((r) => r.rowid);
  }

  #nearest(vector: Float32Array, where: { sql: string; params: unknown[] }): number[] {
    const rows = this.#sql
      .get(
        `SELECT c.rowid AS rowid FROM chunk_vectors v JOIN chunks c ON c.rowid = v.rowid
         WHERE ${where.sql} ORDER BY vec_distance_cosine(v.embedding, ?), c.rowid LIMIT ?`,
      )
      .all(...where.params, vectorBlob(vector), CANDIDATES) as Array<{ rowid: number }>;
    return rows.map((r) => r.rowid);
  }

  async #embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const vectors = await this.#embedder.embed(texts, signal ? { signal } : {});
    if (vectors.length !== texts.length) {
      throw new EmbedderOutputError(
        `Embedder "${this.#embedder.id}" returned ${vectors.length} vectors for ${texts.length} texts.`,
      );
    }
    for (const v of vectors) {
      if (v.length !== this.#embedder.dimensions || v.some((x) => !Number.isFinite(x))) {
        throw new EmbedderOutputError(
          `Embedder "${this.#embedder.id}" returned a vector of length ${v.length} (or with non-finite values); expected ${this.#embedder.dimensions}.`,
        );
      }
    }
    return vectors;
  }
}

/**
 * Opens (creating if needed) the memory store in `dir` (file `memory.sqlite`). better-sqlite3 and sqlite-vec are
 * loaded here, lazily, so importing the package costs nothing until memory is used.
 */
export async function openVectorStore(dir: string, options: VectorStoreOptions): Promise<VectorStore> {
  const { embedder } = options;
  if (!Number.isInteger(embedder.dimensions) || embedder.dimensions < 1) {
    throw new MemoryInputError(
      `Embedder "${embedder.id}" has dimensions ${embedder.dimensions}.`,
      "Use a positive integer.",
    );
  }
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "memory.sqlite");
  const [{ default: Sqlite }, sqliteVec] = await Promise.all([
    import("better-sqlite3"),
    import("sqlite-vec"),
  ]);
  const db = new Sqlite(file, { timeout: 5000 });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    sqliteVec.load(db);
    ensureSchema(db, file);
    const store = new VectorStore(db, embedder, dir, options.annThreshold);
    const storedId = readMeta(db, "embedder_id");
    const storedDims = readMeta(db, "embedder_dimensions");
    const given = `${embedder.id}/${embedder.dimensions}`;
    if (storedId === undefined) {
      db.transaction(() => {
        writeMeta(db, "embedder_id", embedder.id);
        writeMeta(db, "embedder_dimensions", String(embedder.dimensions));
      })();
    } else if (`${storedId}/${storedDims}` !== given) {
      if (!options.reindex) throw new EmbedderMismatchError(dir, `${storedId}/${storedDims}`, given);
      await store.reindexAll();
    }
    return store;
  } catch (error) {
    db.close();
    throw error;
  }
}
