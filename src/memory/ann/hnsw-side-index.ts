import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Version of the side index's files (`hnsw.json` and the index it names); a mismatch means rebuild. 2: the graph
 * has 24 links a node (1 had 16), so indexes saved by version 1 are rebuilt rather than searched at the lower ef.
 */
export const HNSW_FORMAT_VERSION = 2;

/**
 * HNSW settings: f16 vectors, 24 links a node, ef_search 80. From the sweep in `bench/memory-ann.ts` (100k × 384):
 * 24 links reach recall@10 ≥ 0.95 at a lower ef than 16 (0.957 at ef 64, 0.974 at 80; 16 links needed ef 96 for
 * 0.966), so a query visits fewer nodes; ef 80 leaves a margin over 0.95 for graphs built differently.
 */
export const HNSW_SETTINGS = {
  metric: "cos",
  quantization: "f16",
  connectivity: 24,
  expansion_add: 128,
  expansion_search: 80,
  multi: false,
} as const;

type IndexConfig = ConstructorParameters<typeof import("usearch").Index>[0];
const config = (dimensions: number) => ({ dimensions, ...HNSW_SETTINGS }) as unknown as IndexConfig;

interface Manifest {
  v: number;
  embedderId: string;
  dimensions: number;
  /** The last `vector_changes.seq` the saved index reflects. */
  seq: number;
  file: string;
}

type UsearchIndex = import("usearch").Index;

/**
 * An HNSW index (usearch) over a store's vectors, keyed by chunk rowid, kept in files beside the SQLite file. It is
 * derived data: SQLite stays the source of truth, and the index records the last change (`seq`) it reflects, so a
 * missing, damaged, other-embedder or stale index is caught up from the change log or rebuilt — never trusted.
 * Saves are atomic: the index goes to a new file, then `hnsw.json` is renamed over to name it, then old files go.
 */
export class HnswSideIndex {
  private constructor(
    private readonly dir: string,
    private readonly index: UsearchIndex,
    /** The last change applied; -1 when the index is empty and needs a full build. */
    public seq: number,
  ) {}

  /** Loads the saved index when it matches `embedderId` and `dimensions`; else an empty one (seq -1). */
  static async open(dir: string, embedderId: string, dimensions: number): Promise<HnswSideIndex> {
    const usearch = (await import("usearch")).default;
    const fresh = () => new usearch.Index(config(dimensions));
    const manifest = readManifest(dir);
    if (manifest && manifest.embedderId === embedderId && manifest.dimensions === dimensions) {
      const index = fresh();
      try {
        index.load(path.join(dir, manifest.file));
        return new HnswSideIndex(dir, index, manifest.seq);
      } catch {
        // A damaged or vanished file: rebuild below.
      }
    }
    return new HnswSideIndex(dir, fresh(), -1);
  }

  /** An empty index that will save into `dir` (seq -1 until the caller sets it). */
  static async empty(dir: string, dimensions: number): Promise<HnswSideIndex> {
    const usearch = (await import("usearch")).default;
    return new HnswSideIndex(dir, new usearch.Index(config(dimensions)), -1);
  }

  get size(): number {
    return this.index.size();
  }

  /** Adds many vectors at once (multithreaded build); keys must not be in the index. */
  addBatch(rowids: readonly number[], flat: Float32Array): void {
    if (rowids.length === 0) return;
    this.index.add(BigUint64Array.from(rowids, BigInt), flat, 0);
  }

  /** Puts one rowid's vector in (replacing any), or takes it out when `vector` is undefined. */
  set(rowid: number, vector: Float32Array | undefined): void {
    const key = BigInt(rowid);
    if (this.index.contains(key)) this.index.remove(key);
    if (vector) this.index.add(key, vector, 1);
  }

  /** The `k` nearest rowids, nearest first (one thread: a query is small, the process is shared). */
  search(vector: Float32Array, k: number): number[] {
    if (this.index.size() === 0) return [];
    const matches = this.index.search(vector, Math.min(k, this.index.size()), 1);
    return Array.from(matches.keys, Number);
  }

  /** Saves atomically, recording `embedderId`, the dimensions and {@link seq}. */
  save(embedderId: string, dimensions: number): void {
    const file = `hnsw-${this.seq}-${randomBytes(4).toString("hex")}.usearch`;
    const tmp = path.join(this.dir, `${file}.tmp`);
    this.index.save(tmp);
    renameSync(tmp, path.join(this.dir, file));
    const manifest: Manifest = { v: HNSW_FORMAT_VERSION, embedderId, dimensions, seq: this.seq, file };
    const manifestTmp = path.join(this.dir, `hnsw.json.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    writeFileSync(manifestTmp, JSON.stringify(manifest));
    renameSync(manifestTmp, path.join(this.dir, "hnsw.json"));
    removeUnreferenced(this.dir);
  }
}

function readManifest(dir: string): Manifest | undefined {
  try {
    const data = JSON.parse(readFileSync(path.join(dir, "hnsw.json"), "utf8")) as Partial<Manifest>;
    if (
      data.v === HNSW_FORMAT_VERSION &&
      typeof data.embedderId === "string" &&
      typeof data.dimensions === "number" &&
      typeof data.seq === "number" &&
      typeof data.file === "string" &&
      /^hnsw-\d+-[0-9a-f]+\.usearch$/.test(data.file)
    )
      return data as Manifest;
  } catch {
    // Missing or unreadable: no index.
  }
  return undefined;
}

/** Deletes index files older than the one `hnsw.json` names (never the named one, never another's temp file). */
function removeUnreferenced(dir: string): void {
  const current = readManifest(dir);
  if (!current) return;
  for (const name of readdirSync(dir)) {
    const match = /^hnsw-(\d+)-[0-9a-f]+\.usearch$/.exec(name);
    if (match && name !== current.file && Number(match[1]) <= current.seq)
      rmSync(path.join(dir, name), { force: true });
  }
}
