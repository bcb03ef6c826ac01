// HNSW tuning sweep (issue 17 item 6): the same 100k × 384 clustered vectors as bench/memory.ts (same seed), one
// usearch index per variant (quantization / metric / connectivity, expansion_add 128), then for each
// expansion_search: recall@10 against exact search, and queries per second on one thread — by wall clock (median of
// 5 passes) and by this process's CPU time (steadier on a shared machine: other jobs' time is not counted), for
// single searches and for the batch API (one call, all queries, threads = 1). Truth: usearch's exact search,
// checked against a JS brute-force scan on the first 20 queries. `ip` variants index unit vectors (what the
// store would do); `cos` on them would give the same ranking.
// Usage: npm run bench -- memory-ann [variants, default f16/cos/16,f16/ip/16,f32/cos/16] [N] [dims]
// Set BENCH_ANN_CACHE=<dir> to keep built indexes between runs.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printTable, round } from "./_stats.js";

const variants = (process.argv[2] ?? "f16/cos/16,f16/ip/16,f32/cos/16").split(",");
const n = Number(process.argv[3] ?? 100_000);
const dims = Number(process.argv[4] ?? 384);
const queries = 200;
const efs = [48, 64, 80, 96, 112, 128];

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
const unit = (v: Float32Array) => {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
const flatOf = (vectors: Float32Array[]) => {
  const flat = new Float32Array(vectors.length * dims);
  for (const [i, v] of vectors.entries()) flat.set(v, i * dims);
  return flat;
};
const flat = flatOf(docVectors);
const unitFlat = flatOf(docVectors.map(unit));
const unitQueries = queryVectors.map(unit);

const usearch = (await import("usearch")).default;
const exact = usearch.exactSearch(
  flat,
  flatOf(queryVectors),
  dims,
  10,
  "cos" as never,
  0,
) as import("usearch").BatchMatches;
const truth = queryVectors.map((_, i) => Array.from(exact.get(i).keys, Number));
// Cross-check the truth with a plain scan.
for (let i = 0; i < 20; i++) {
  const q = queryVectors[i] as Float32Array;
  const qn = Math.hypot(...q);
  const scored = docVectors.map((d, j) => {
    let dot = 0;
    for (let k = 0; k < dims; k++) dot += (d[k] as number) * (q[k] as number);
    return [j, dot / (Math.hypot(...d) * qn)] as const;
  });
  const top = scored
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([j]) => j);
  const agree = top.filter((j) => truth[i]?.includes(j)).length;
  if (agree < 9) throw new Error(`exact search disagrees with the JS scan on query ${i} (${agree}/10)`);
}
const recallOf = (found: number[][]) =>
  found.reduce((sum, got, i) => sum + got.filter((x) => truth[i]?.includes(x)).length / 10, 0) / found.length;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const cache = process.env.BENCH_ANN_CACHE ?? mkdtempSync(join(tmpdir(), "art-bench-ann-"));
mkdirSync(cache, { recursive: true });
const rows: (string | number)[][] = [];
const results: Array<{ variant: string; ef: number; recall: number; qps: number; cpuQps: number }> = [];
try {
  for (const variant of variants) {
    const [quantization, metric, connectivity] = variant.split("/") as [string, string, string];
    const settings = (ef: number) =>
      ({
        dimensions: dims,
        metric,
        quantization,
        connectivity: Number(connectivity),
        expansion_add: 128,
        expansion_search: ef,
        multi: false,
      }) as never;
    const file = join(cache, `${n}x${dims}-${quantization}-${metric}-${connectivity}.usearch`);
    let buildS: number | string = "cached";
    if (!existsSync(file)) {
      const index = new usearch.Index(settings(64));
      const started = performance.now();
      index.add(
        BigUint64Array.from({ length: n }, (_, i) => BigInt(i)),
        metric === "ip" ? unitFlat : flat,
        0,
      );
      buildS = round((performance.now() - started) / 1000, 1);
      index.save(file);
    }
    const qs = metric === "ip" ? unitQueries : queryVectors;
    const batch = flatOf(qs);
    for (const ef of efs) {
      // expansion_search is not stored in the file: the same graph, searched wider or narrower.
      const index = new usearch.Index(settings(ef));
      index.view(file);
      const found = qs.map((q) => Array.from(index.search(q, 10, 1).keys, Number));
      const walls: number[] = [];
      const cpuStart = cpuMs();
      for (let pass = 0; pass < 5; pass++) {
        const started = performance.now();
        for (const q of qs) index.search(q, 10, 1);
        walls.push(queries / ((performance.now() - started) / 1000));
      }
      const cpuQps = (5 * queries) / ((cpuMs() - cpuStart) / 1000);
      const batchStart = cpuMs();
      for (let pass = 0; pass < 5; pass++) index.search(batch, 10, 1);
      const batchCpuQps = (5 * queries) / ((cpuMs() - batchStart) / 1000);
      const qps = walls.sort((a, b) => a - b)[2] as number;
      const recall = recallOf(found);
      results.push({ variant, ef, recall, qps, cpuQps });
      rows.push([
        variant,
        ef === efs[0] ? buildS : "",
        ef,
        round(recall, 3),
        round(qps, 0),
        round(cpuQps, 0),
        round(batchCpuQps, 0),
      ]);
    }
  }
} finally {
  if (!process.env.BENCH_ANN_CACHE) rmSync(cache, { recursive: true, force: true });
}
printTable(
  [
    "quantization/metric/connectivity",
    "build (s)",
    "ef_search",
    "recall@10",
    "q/s wall",
    "q/s CPU",
    "batch q/s CPU",
  ],
  rows,
);
// The fastest setting that meets the recall goal, by CPU q/s.
const meeting = results.filter((r) => r.recall >= 0.95).sort((a, b) => b.cpuQps - a.cpuQps);
const best = meeting[0];
console.log(
  JSON.stringify({
    n,
    dims,
    queries,
    best_variant: best?.variant ?? null,
    best_ef: best?.ef ?? null,
    best_recall_at_10: best ? round(best.recall, 3) : null,
    best_qps_wall: best ? round(best.qps, 0) : null,
    best_qps_cpu: best ? round(best.cpuQps, 0) : null,
  }),
);
