import type Database from "better-sqlite3";
import type { HnswSideIndex } from "./ann/index.js";
import type { Embedder } from "./embedder.js";
import { readMeta, writeMeta } from "./schema.js";
import { StatementCache } from "./statement-cache.js";

/** Stores with at least this many vectors search through the HNSW side index; smaller ones scan exactly. */
export const ANN_THRESHOLD = 20_000;
/** Changes applied to the in-memory index before it is saved again. */
const SAVE_EVERY = 1000;
/** How many more candidates a filtered ANN search asks for, so the filter still leaves enough. */
const FILTER_OVERSAMPLE = 8;

/**
 * Keeps a {@link HnswSideIndex} in step with the SQLite file and searches through it. Before each search the index
 * catches up from `vector_changes` (rows past its `seq`); an index that is missing, damaged, from another embedder,
 * or older than the pruned part of the log is rebuilt from `chunk_vectors`. So a crash anywhere costs at most a
 * catch-up or a rebuild, never a wrong answer.
 */
export class AnnSearch {
  #index: HnswSideIndex | undefined;
  #unsaved = 0;
  /** Whether the loaded index's size was checked against SQLite (once per open: a damaged file may load). */
  #verified = false;
  /**
   * `PRAGMA data_version` when the index last caught up, and whether this connection wrote since: with neither
   * changed, the index is current and a search skips the catch-up queries. (data_version changes only for other
   * connections' commits; this process's own writes call {@link markChanged}.)
   */
  #syncedVersion: number | undefined;
  #writes = 0;
  #syncedWrites = -1;
  readonly #sql: StatementCache;

  constructor(
    private readonly db: Database.Database,
    private readonly dir: string,
    private readonly embedder: Embedder,
  ) {
    this.#sql = new StatementCache(db);
  }

  /** This connection changed vectors (called by the store after each write transaction, committed or not). */
  markChanged(): void {
    this.#writes += 1;
  }

  /** The rowids nearest `vector` among those passing `where` (undefined: too few passed, scan exactly). */
  async nearest(
    vector: Float32Array,
    candidates: number,
    limit: number,
    where: { sql: string; params: unknown[] } | undefined,
  ): Promise<number[] | undefined> {
    const index = await this.#synced();
    if (!where) return index.search(vector, candidates);
    const wide = index.search(vector, candidates * FILTER_OVERSAMPLE);
    const passing = new Set(
      (
        this.#sql
          .get(
            `SELECT c.rowid AS rowid FROM chunks c WHERE c.rowid IN (SELECT value FROM json_each(?)) AND ${where.sql}`,
          )
          .all(JSON.stringify(wide), ...where.params) as Array<{ rowid: number }>
      ).map((r) => r.rowid),
    );
    const kept = wide.filter((rowid) => passing.has(rowid)).slice(0, candidates);
    return kept.length >= limit ? kept : undefined;
  }

  /** Forgets the in-memory index (the embedder changed: the saved one no longer matches and will be rebuilt). */
  reset(): void {
    this.#index = undefined;
    this.#unsaved = 0;
    this.#syncedVersion = undefined;
  }

  /** Saves unsaved changes (at close). */
  flush(): void {
    if (this.#index && this.#unsaved > 0) this.#save(this.#index);
  }

  async #synced(): Promise<HnswSideIndex> {
    // Read before catching up: a commit (ours or another connection's) after this point is seen next time.
    const version = this.#sql.get("PRAGMA data_version").pluck().get() as number;
    const writes = this.#writes;
    if (this.#index && this.#verified && writes === this.#syncedWrites && version === this.#syncedVersion)
      return this.#index;
    const index = await this.#caughtUp();
    // Only after a catch-up that finished: one that threw leaves the next search to try again.
    this.#syncedVersion = version;
    this.#syncedWrites = writes;
    return index;
  }

  async #caughtUp(): Promise<HnswSideIndex> {
    if (!this.#index) {
      const { HnswSideIndex } = await import("./ann/index.js");
      this.#index = await HnswSideIndex.open(this.dir, this.embedder.id, this.embedder.dimensions);
    }
    const index = this.#index;
    const pruned = Number(readMeta(this.db, "changes_pruned_through") ?? 0);
    if (index.seq < 0 || index.seq < pruned) return this.#rebuild();
    const changed = this.#sql
      .get(
        "SELECT max(seq) AS seq, json_group_array(DISTINCT chunk_rowid) AS rowids FROM vector_changes WHERE seq > ?",
      )
      .get(index.seq) as { seq: number | null; rowids: string };
    if (changed.seq === null) return this.#verified ? index : this.#verify(index);
    const get = this.db.prepare("SELECT embedding FROM chunk_vectors WHERE rowid = ?");
    for (const rowid of JSON.parse(changed.rowids) as number[]) {
      const row = get.get(rowid) as { embedding: Buffer } | undefined;
      index.set(rowid, row ? toVector(row.embedding) : undefined);
    }
    index.seq = changed.seq;
    this.#unsaved += 1;
    if (!this.#verified) return this.#verify(index);
    if (this.#unsaved >= SAVE_EVERY) this.#save(index);
    return index;
  }

  async #verify(index: HnswSideIndex): Promise<HnswSideIndex> {
    const rows = (this.db.prepare("SELECT count(*) AS n FROM chunk_vectors").get() as { n: number }).n;
    this.#verified = true;
    return index.size === rows ? index : this.#rebuild();
  }

  async #rebuild(): Promise<HnswSideIndex> {
    this.#verified = true;
    const { HnswSideIndex } = await import("./ann/index.js");
    const index = await HnswSideIndex.empty(this.dir, this.embedder.dimensions);
    const dims = this.embedder.dimensions;
    // One read transaction: the vectors and the seq they reflect are the same snapshot.
    this.db.transaction(() => {
      const top = this.db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM vector_changes").get() as {
        seq: number;
      };
      const pruned = Number(readMeta(this.db, "changes_pruned_through") ?? 0);
      const batch = 8192;
      let rowids: number[] = [];
      let flat = new Float32Array(batch * dims);
      for (const row of this.db.prepare("SELECT rowid, embedding FROM chunk_vectors").iterate() as Iterable<{
        rowid: number;
        embedding: Buffer;
      }>) {
        flat.set(toVector(row.embedding), rowids.length * dims);
        rowids.push(row.rowid);
        if (rowids.length === batch) {
          index.addBatch(rowids, flat);
          rowids = [];
          flat = new Float32Array(batch * dims);
        }
      }
      index.addBatch(rowids, flat.subarray(0, rowids.length * dims));
      index.seq = Math.max(top.seq, pruned);
    })();
    this.#index = index;
    this.#save(index);
    return index;
  }

  #save(index: HnswSideIndex): void {
    index.save(this.embedder.id, this.embedder.dimensions);
    this.#unsaved = 0;
    // The saved index reflects everything up to its seq: that part of the log is no longer needed.
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM vector_changes WHERE seq <= ?").run(index.seq);
      const pruned = Number(readMeta(this.db, "changes_pruned_through") ?? 0);
      if (index.seq > pruned) writeMeta(this.db, "changes_pruned_through", String(index.seq));
    })();
  }
}

function toVector(blob: Buffer): Float32Array {
  // Copy: the blob's buffer may be shared and unaligned.
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}
