// Retrieval quality (issue 17 item 5) on real code we did not write: the AI SDK's own TypeScript sources as
// installed (node_modules/ai/src and @ai-sdk/provider-utils/src, tests and test helpers left out). Every file is chunked the way `art index`
// chunks it (tree-sitter definitions, the path and symbol as the chunk's first line); every doc comment is then
// STRIPPED from the indexed text, or a query taken from a doc comment would find its own words. Queries: the first
// sentence of each documented function's or method's doc comment (at least 3 words; a sentence that documents
// two functions is dropped as ambiguous); the answer: that function's chunk. Reported: recall@10 and MRR@10 for
// lexical (FTS5/BM25), vector (the bundled offline embedder, through the index's code compaction) and hybrid
// (RRF), then a sweep of RRF's k and list weights over the same ranked lists.
// Usage: npm run bench -- memory-quality [source dirs under node_modules, comma-separated; default
// ai/src,@ai-sdk/provider-utils/src] [max queries]
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import {
  type ChunkInput,
  defaultEmbedder,
  docQuery,
  type Embedder,
  fuseRanks,
  Memory,
  RRF_K,
  stripDocComments,
  summarizeRetrieval,
} from "../src/memory/index.js";
import { chunkFile, codeEmbedder } from "../src/workspace-index/index.js";
import { printTable, round } from "./_stats.js";

const SOURCES = (process.argv[2] ?? "ai/src,@ai-sdk/provider-utils/src").split(",");
const MAX_QUERIES = Number(process.argv[3] ?? Number.POSITIVE_INFINITY);
const K = 10;
/** How deep each single list is read for the fusion sweep (the store fuses its top 50 of each). */
const DEPTH = 50;
const modules = join(process.cwd(), "node_modules");
const packageOf = (source: string) => {
  const parts = source.split("/");
  const name = (source.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
  const { version } = JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")) as {
    version: string;
  };
  return `${name}@${version}`;
};
const corpusName = SOURCES.map((source) => `${source} (${packageOf(source)})`).join(", ");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(
      (e) => e.isFile() && /\.(ts|tsx)$/.test(e.name) && !/\.(test|test-d|spec)\.tsx?$|\.d\.ts$/.test(e.name),
    )
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !/[/\\](test|tests|__fixtures__|__snapshots__)[/\\]/.test(relative(dir, file)))
    .sort();
}

// 1. Corpus and queries.
let started = performance.now();
const chunks: ChunkInput[] = [];
const candidates: Array<{ query: string; answer: string }> = [];
const files = SOURCES.flatMap((source) => sourceFiles(join(modules, source)));
for (const file of files) {
  const path = relative(modules, file);
  for (const chunk of await chunkFile(path, readFileSync(file, "utf8"))) {
    const code = stripDocComments(chunk.text);
    if (!code.trim()) continue;
    const id = `${path}:${chunk.startLine}-${chunk.endLine}`;
    const header = chunk.symbol ? `${path} ${chunk.symbol}` : path;
    chunks.push({ id, text: `${header}\n${code}`, metadata: { path, kind: chunk.kind } });
    const query = chunk.kind === "function" || chunk.kind === "method" ? docQuery(chunk.text) : undefined;
    if (query && query.split(" ").length >= 3) candidates.push({ query, answer: id });
  }
}
const seen = new Map<string, number>();
for (const { query } of candidates) seen.set(query, (seen.get(query) ?? 0) + 1);
const queries = candidates.filter(({ query }) => seen.get(query) === 1).slice(0, MAX_QUERIES);
const chunkMs = performance.now() - started;

// 2. Index through the store with the shipped code embedder (default embedder on compacted text), counting time.
let embedMs = 0;
let embedded = 0;
const inner = defaultEmbedder();
const cache = new Map<string, Float32Array>();
const timed: Embedder = {
  id: inner.id,
  dimensions: inner.dimensions,
  async embed(texts) {
    const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
    if (missing.length > 0) {
      const t0 = performance.now();
      const vectors = await inner.embed(missing);
      embedMs += performance.now() - t0;
      embedded += missing.length;
      for (const [i, text] of missing.entries()) cache.set(text, vectors[i] as Float32Array);
    }
    return texts.map((t) => cache.get(t) as Float32Array);
  },
};
// The workspace index's embedder: the default model on compacted text (path, symbol, signature words).
const embedder = codeEmbedder(timed);
await inner.embed(["warm up"]); // the model's one-off load is not embedding time
const dir = await mkdtemp(join(tmpdir(), "art-bench-quality-"));
try {
  const store = await Memory.vectorStore(dir, { embedder });
  started = performance.now();
  for (let i = 0; i < chunks.length; i += 256) await store.add(chunks.slice(i, i + 256));
  const indexS = (performance.now() - started) / 1000;
  const corpusEmbedMs = embedMs;
  const corpusEmbedded = embedded;

  // 3. Queries: the store's own three modes at k = 10, and each single list DEPTH deep for the fusion sweep.
  type Ranked = { ranked: string[]; relevant: string[] };
  const runs: Record<"lexical" | "vector" | "hybrid", Ranked[]> = { lexical: [], vector: [], hybrid: [] };
  const deep: Record<"lexical" | "vector", string[][]> = { lexical: [], vector: [] };
  const embedBeforeQueries = embedMs;
  started = performance.now();
  for (const { query, answer } of queries) {
    for (const mode of ["lexical", "vector", "hybrid"] as const) {
      const hits = await store.search(query, { mode, limit: K });
      runs[mode].push({ ranked: hits.map((h) => h.id), relevant: [answer] });
    }
    for (const mode of ["lexical", "vector"] as const)
      deep[mode].push((await store.search(query, { mode, limit: DEPTH })).map((h) => h.id));
  }
  const queryS = (performance.now() - started) / 1000;
  const queryEmbedMs = embedMs - embedBeforeQueries;
  store.close();

  const summary = {
    lexical: summarizeRetrieval(runs.lexical, K),
    vector: summarizeRetrieval(runs.vector, K),
    hybrid: summarizeRetrieval(runs.hybrid, K),
  };
  console.log(
    `corpus: ${corpusName}, ${files.length} files, ${chunks.length} chunks (doc comments stripped); ` +
      `${queries.length} queries (of ${candidates.length} documented functions/methods; duplicates and any over the cap dropped)`,
  );
  console.log(
    `chunking ${round(chunkMs / 1000, 2)} s; indexing ${round(indexS, 1)} s, of which embedding ${round(corpusEmbedMs / 1000, 1)} s for ` +
      `${corpusEmbedded} distinct texts (${round(corpusEmbedMs / Math.max(1, corpusEmbedded), 2)} ms each); ` +
      `queries: ${round(queryS, 1)} s for ${queries.length * 5} searches, embedding ${round(queryEmbedMs / 1000, 1)} s`,
  );
  printTable(
    ["method", `recall@${K}`, `MRR@${K}`],
    (["lexical", "vector", "hybrid"] as const).map((m) => [
      m === "hybrid" ? `hybrid (store, RRF k=${RRF_K})` : m,
      round(summary[m].recallAtK, 3),
      round(summary[m].mrr, 3),
    ]),
  );

  // 4. The fusion sweep: RRF k and a weight on the vector list, over the same DEPTH-deep lists.
  const fused = (k: number, vectorWeight: number) =>
    summarizeRetrieval(
      queries.map(({ answer }, i) => {
        const scores = fuseRanks([deep.lexical[i] as string[], deep.vector[i] as string[]], k, [
          1,
          vectorWeight,
        ]);
        const ranked = [...scores].sort((a, b) => b[1] - a[1]).map(([id]) => id);
        return { ranked, relevant: [answer] };
      }),
      K,
    );
  const sweep: (string | number)[][] = [];
  for (const k of [1, 10, 30, 60, 100])
    for (const w of [0.5, 1, 2]) {
      const s = fused(k, w);
      sweep.push([k, w, round(s.recallAtK, 3), round(s.mrr, 3)]);
    }
  console.log("\nRRF sweep (lexical weight 1):");
  printTable(["k", "vector weight", `recall@${K}`, `MRR@${K}`], sweep);

  console.log(
    JSON.stringify({
      corpus: SOURCES.map(packageOf).join(" "),
      lexical_recall_at_10: round(summary.lexical.recallAtK, 3),
      lexical_mrr: round(summary.lexical.mrr, 3),
      vector_recall_at_10: round(summary.vector.recallAtK, 3),
      vector_mrr: round(summary.vector.mrr, 3),
      hybrid_recall_at_10: round(summary.hybrid.recallAtK, 3),
      hybrid_mrr: round(summary.hybrid.mrr, 3),
      queries: queries.length,
      chunks: chunks.length,
      files: files.length,
      embed_s: round(corpusEmbedMs / 1000, 1),
      embed_ms_per_chunk: round(corpusEmbedMs / Math.max(1, corpusEmbedded), 2),
      index_s: round(indexS, 1),
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
