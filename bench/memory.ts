// Memory store speed (issue 17 item 6, partial): exact vector search and BM25 through Memory.vectorStore, against a
// plain-JS brute-force cosine scan over the same vectors (the floor) in the same run. No ANN index yet.
// Usage: npm run bench -- memory [N vectors, default 20000] [dims, default 384]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Embedder, Memory } from "../src/memory/index.js";
import { printTable, round } from "./_stats.js";

const n = Number(process.argv[2] ?? 20000);
const dims = Number(process.argv[3] ?? 384);
const queries = 50;
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
const vectors = new Map<string, Float32Array>();
const texts: string[] = [];
for (let i = 0; i < n; i++) {
  const text = `doc ${i} ${Array.from({ length: 12 }, () => words[Math.floor(rand() * words.length)]).join(" ")}`;
  texts.push(text);
  vectors.set(text, makeVector());
}
const queryTexts = Array.from({ length: queries }, (_, i) => `query ${i}`);
for (const q of queryTexts) vectors.set(q, makeVector());
const embedder: Embedder = {
  id: "bench-fixed",
  dimensions: dims,
  embed: async (ts) => ts.map((t) => vectors.get(t) as Float32Array),
};

const dir = mkdtempSync(join(tmpdir(), "art-bench-memory-"));
try {
  const store = await Memory.vectorStore(dir, { embedder });
  let start = performance.now();
  for (let i = 0; i < n; i += 1000) {
    await store.add(texts.slice(i, i + 1000).map((text, j) => ({ id: `d${i + j}`, text })));
  }
  const buildS = (performance.now() - start) / 1000;

  start = performance.now();
  for (const q of queryTexts) await store.search(q, { mode: "vector", limit: 10 });
  const exactQps = queries / ((performance.now() - start) / 1000);

  const all = [...texts.map((t) => vectors.get(t) as Float32Array)];
  start = performance.now();
  for (const q of queryTexts) {
    const v = vectors.get(q) as Float32Array;
    const scores = all.map((d) => {
      let dot = 0;
      let nd = 0;
      let nv = 0;
      for (let k = 0; k < dims; k++) {
        const a = d[k] as number;
        const b = v[k] as number;
        dot += a * b;
        nd += a * a;
        nv += b * b;
      }
      return dot / Math.sqrt(nd * nv);
    });
    scores.sort((a, b) => b - a);
  }
  const jsQps = queries / ((performance.now() - start) / 1000);

  const bm25Queries = Array.from(
    { length: 200 },
    (_, i) => `${words[i % words.length]} ${words[(i * 7) % words.length]}`,
  );
  start = performance.now();
  for (const q of bm25Queries) await store.search(q, { mode: "lexical", limit: 10 });
  const bm25Qps = bm25Queries.length / ((performance.now() - start) / 1000);
  store.close();

  printTable(
    ["what", "value", "vs JS brute force"],
    [
      [`build ${n}×${dims} (s)`, round(buildS, 2), "-"],
      ["exact vector qps (sqlite-vec scan)", round(exactQps, 1), `${round(exactQps / jsQps, 2)}×`],
      ["JS brute-force qps (floor)", round(jsQps, 1), "1×"],
      [`BM25 qps over ${n} chunks`, round(bm25Qps, 1), "-"],
    ],
  );
  console.log(
    JSON.stringify({
      n,
      dims,
      exact_build_s: round(buildS, 2),
      exact_qps: round(exactQps, 1),
      js_brute_qps: round(jsQps, 1),
      bm25_qps: round(bm25Qps, 1),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
