// Memory store speed (issue 17 item 6): N × dims clustered float32 vectors. In one run: the shipped path (the
// store's HNSW side index, usearch f16, built from SQLite on the first search), usearch f32 as the runner-up,
// sqlite-vec's exact scan (what stores below the threshold use) and a plain-JS brute-force scan (the floor, and the
// ground truth for recall@10); BM25 q/s over a 10k-doc corpus. Queries run one at a time on one thread.
// Usage: npm run bench -- memory [N vectors, default 100000] [dims, default 384]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Embedder, Memory } from "../src/memory/index.js";
import { printTable, round } from "./_stats.js";

const n = Number(process.argv[2] ?? 100_000);
const dims = Number(process.argv[3] ?? 384);
const queries = 100;
const words =
  "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda sigma omega build test deploy".split(" ");

// Seeded PRNG so runs compare; clustered vectors (64 centres + noise) like real embeddings.
let seed = 42;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const centres = Array.from({ length: 64 }, () => Float32Array.from({ length: dims }, () => rand() - 0.5));
const makeVector = () => {
  const c = centres[Math.floor(rand() * centres.length)] as Float32Array;
  return Float32Array.from(c, (x) => x + (rand() - 0.5) * 0.2);
};
const docVectors = Array.from({ length: n }, makeVector);
const queryVectors = Array.from({ length: queries }, makeVector);
const byText = new Map<string, Float32Array>();
const texts = docVectors.map((v, i) => {
  const text = `doc ${i}`;
  byText.set(text, v);
  return text;
});
for (const [i, v] of queryVectors.entries()) byText.set(`query ${i}`, v);
const embedder: Embedder = {
  id: "bench-fixed",
  dimensions: dims,
  embed: async (ts) => ts.map((t) => byText.get(t) as Float32Array),
};
const rss = () => process.memoryUsage().rss / 2 ** 20;
const seconds = (start: number) => (performance.now() - start) / 1000;

// Ground truth and the floor: JS brute-force cosine.
const norms = docVectors.map((d) => Math.sqrt(d.reduce((s, x) => s + x * x, 0)));
function bruteTop10(q: Float32Array): number[] {
  const qn = Math.sqrt(q.reduce((s, x) => s + x * x, 0));
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = docVectors[i] as Float32Array;
    let dot = 0;
    for (let k = 0; k < dims; k++) dot += (d[k] as number) * (q[k] as number);
    scores[i] = dot / ((norms[i] as number) * qn);
  }
  return [...scores.keys()].sort((a, b) => (scores[b] as number) - (scores[a] as number)).slice(0, 10);
}
let start = performance.now();
const truth = queryVectors.map(bruteTop10);
const jsQps = queries / seconds(start);
const recallOf = (found: number[][]) =>
  found.reduce((sum, got, i) => sum + got.filter((x) => truth[i]?.includes(x)).length / 10, 0) / found.length;

const dir = mkdtempSync(join(tmpdir(), "art-bench-memory-"));
try {
  // The shipped path: chunks into the store (rowid = index + 1), then the first vector search builds the side index.
  const store = await Memory.vectorStore(dir, { embedder });
  start = performance.now();
  for (let i = 0; i < n; i += 5000)
    await store.add(texts.slice(i, i + 5000).map((text, j) => ({ id: `d${i + j}`, text })));
  const insertS = seconds(start);
  const rssBefore = rss();
  start = performance.now();
  await store.search("query 0", { mode: "vector", limit: 10 });
  const annBuildS = seconds(start);
  const annRssMb = rss() - rssBefore;
  start = performance.now();
  const annFound: number[][] = [];
  for (let i = 0; i < queries; i++) {
    const hits = await store.search(`query ${i}`, { mode: "vector", limit: 10 });
    annFound.push(hits.map((h) => Number(h.id.slice(1))));
  }
  const annQps = queries / seconds(start);
  const annRecall = recallOf(annFound);
  // The same queries for 5 more passes, timed by this process's CPU (steadier than wall time on a shared machine).
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const cpuStart = cpuMs();
  for (let pass = 0; pass < 5; pass++)
    for (let i = 0; i < queries; i++) await store.search(`query ${i}`, { mode: "vector", limit: 10 });
  const annCpuQps = (5 * queries) / ((cpuMs() - cpuStart) / 1000);
  store.close();

  // Runner-up: usearch with f32 vectors, same graph settings, straight on the library.
  const usearch = (await import("usearch")).default;
  const { HNSW_SETTINGS } = await import("../src/memory/ann/index.js");
  const f32 = new usearch.Index({ dimensions: dims, ...HNSW_SETTINGS, quantization: "f32" } as never);
  const flat = new Float32Array(n * dims);
  for (const [i, v] of docVectors.entries()) flat.set(v, i * dims);
  start = performance.now();
  f32.add(
    BigUint64Array.from({ length: n }, (_, i) => BigInt(i)),
    flat,
    0,
  );
  const f32BuildS = seconds(start);
  start = performance.now();
  const f32Found = queryVectors.map((q) => Array.from(f32.search(q, 10, 1).keys, Number));
  const f32Qps = queries / seconds(start);
  const f32Recall = recallOf(f32Found);

  // sqlite-vec exact scan over the same file (what a store below the threshold does), a few queries.
  const { default: Sqlite } = await import("better-sqlite3");
  const sqliteVec = await import("sqlite-vec");
  const db = new Sqlite(join(dir, "memory.sqlite"), { readonly: true });
  sqliteVec.load(db);
  const scan = db.prepare(
    "SELECT rowid FROM chunk_vectors ORDER BY vec_distance_cosine(embedding, ?) LIMIT 10",
  );
  const exactQueries = 10;
  start = performance.now();
  const exactFound = queryVectors
    .slice(0, exactQueries)
    .map((q) => (scan.all(Buffer.from(q.buffer)) as Array<{ rowid: number }>).map((r) => r.rowid - 1));
  const exactQps = exactQueries / seconds(start);
  const exactRecall = recallOf(exactFound) * (queries / exactQueries) * (exactQueries / queries);
  db.close();

  // BM25 over a 10k-doc corpus of 12-word documents.
  const lexDir = mkdtempSync(join(tmpdir(), "art-bench-bm25-"));
  const lexStore = await Memory.vectorStore(lexDir, {
    embedder: {
      id: "zero",
      dimensions: 4,
      embed: async (ts) => ts.map(() => new Float32Array([1, 0, 0, 0])),
    },
  });
  const corpus = Array.from({ length: 10_000 }, (_, i) => ({
    id: `t${i}`,
    text: `file ${i} ${Array.from({ length: 12 }, () => words[Math.floor(rand() * words.length)]).join(" ")}`,
  }));
  for (let i = 0; i < corpus.length; i += 2000) await lexStore.add(corpus.slice(i, i + 2000));
  const bm25Queries = Array.from(
    { length: 300 },
    (_, i) => `${words[i % words.length]} ${words[(i * 7) % words.length]}`,
  );
  start = performance.now();
  for (const q of bm25Queries) await lexStore.search(q, { mode: "lexical", limit: 10 });
  const bm25Qps = bm25Queries.length / seconds(start);
  lexStore.close();
  rmSync(lexDir, { recursive: true, force: true });

  printTable(
    ["method", "build (s)", "q/s (1 thread)", "vs JS brute force", "recall@10"],
    [
      [
        "store: usearch HNSW f16 side index",
        round(annBuildS, 2),
        round(annQps, 1),
        `${round(annQps / jsQps, 1)}×`,
        round(annRecall, 3),
      ],
      [
        "usearch HNSW f32 (runner-up)",
        round(f32BuildS, 2),
        round(f32Qps, 1),
        `${round(f32Qps / jsQps, 1)}×`,
        round(f32Recall, 3),
      ],
      [
        "sqlite-vec exact scan",
        "-",
        round(exactQps, 2),
        `${round(exactQps / jsQps, 2)}×`,
        round(exactRecall, 3),
      ],
      ["JS brute force (floor, truth)", "-", round(jsQps, 2), "1×", 1],
      ["BM25 (FTS5) over 10k docs", "-", round(bm25Qps, 1), "-", "-"],
    ],
  );
  console.log(
    `store insert of ${n} chunks: ${round(insertS, 1)} s; side index memory ≈ ${round(annRssMb, 0)} MB RSS; ` +
      `store q/s by CPU time (5 more passes): ${round(annCpuQps, 1)}`,
  );
  console.log(
    JSON.stringify({
      n,
      dims,
      ann_recall_at_10: round(annRecall, 3),
      ann_qps: round(annQps, 1),
      ann_qps_cpu: round(annCpuQps, 1),
      ann_build_s: round(annBuildS, 2),
      ann_rss_mb: round(annRssMb, 0),
      usearch_f32_recall_at_10: round(f32Recall, 3),
      usearch_f32_qps: round(f32Qps, 1),
      usearch_f32_build_s: round(f32BuildS, 2),
      exact_qps: round(exactQps, 2),
      js_brute_qps: round(jsQps, 2),
      bm25_qps: round(bm25Qps, 1),
      store_insert_s: round(insertS, 1),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
