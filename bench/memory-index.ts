// Workspace index (issue 17 item 3): index a generated 5,000-file git repository from scratch, then again after 10
// files change. The bench embedder is a cheap feature hash so the numbers measure the index (listing, reading,
// tree-sitter chunking, SQLite writes); the offline default embedder's cost per chunk is measured apart on a
// sample, since on this machine it dominates everything else. Floors measured in the same run: `git ls-files -s`
// plus reading every file (from scratch), and `git diff-files` (after changes).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultEmbedder, type Embedder } from "../src/memory/index.js";
import { chunkFile, WorkspaceIndex } from "../src/workspace-index/index.js";
import { printTable, round } from "./_stats.js";

const FILES = Number(process.argv[2] ?? 5000);
const DIMS = 64;

function hashVector(text: string): Float32Array {
  const v = new Float32Array(DIMS);
  for (const word of text.toLowerCase().match(/[a-z0-9_]+/g) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    const at = (h >>> 0) % DIMS;
    v[at] = (v[at] ?? 0) + 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
const benchEmbedder: Embedder = {
  id: "bench-hash/64",
  dimensions: DIMS,
  embed: async (ts) => ts.map(hashVector),
};

function source(i: number, version = 0): string {
  return `import { helper${i % 50} } from "./lib";\n\n/** Unit ${i}: computes things (v${version}). */\nexport function compute${i}(a: number, b: number): number {\n  return helper${i % 50}(a) + b * ${i};\n}\n\nexport class Service${i} {\n  run(input: string) {\n    return input.repeat(${(i % 3) + 1});\n  }\n}\n`;
}

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
const gitRun = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=b", "-c", "user.email=b@example.invalid", ...args], { cwd, env });

const root = mkdtempSync(join(tmpdir(), "art-bench-index-ws-"));
const artHome = mkdtempSync(join(tmpdir(), "art-bench-index-home-"));
try {
  for (let i = 0; i < FILES; i++) {
    const dir = join(root, `pkg${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `unit${i}.ts`), source(i));
  }
  gitRun(root, "init", "-q");
  gitRun(root, "add", "-A");
  gitRun(root, "commit", "-q", "-m", "init");

  let start = performance.now();
  const listing = execFileSync("git", ["ls-files", "-z"], { cwd: root })
    .toString()
    .split("\0")
    .filter(Boolean);
  for (const file of listing) readFileSync(join(root, file));
  const floorFullMs = performance.now() - start;

  const index = await WorkspaceIndex.open(root, { artHome, embedder: benchEmbedder });
  const full = await index.update();
  const chunks = index.chunkCount();

  for (let i = 0; i < 10; i++) {
    const n = i * Math.floor(FILES / 10);
    writeFileSync(join(root, `pkg${Math.floor(n / 100)}`, `unit${n}.ts`), source(n, 1));
  }
  start = performance.now();
  execFileSync("git", ["diff-files", "--name-only"], { cwd: root });
  const floorDiffMs = performance.now() - start;
  const again = await index.update();
  index.close();

  // The default (offline USE) embedder on a sample of real chunks, as the index feeds it.
  const sample = (await chunkFile("unit.ts", source(7))).map((c) => `unit.ts ${c.symbol ?? ""}\n${c.text}`);
  const texts = Array.from({ length: 40 }, (_, i) => sample[i % sample.length] as string);
  const real = defaultEmbedder();
  await real.embed(["warm up"]);
  start = performance.now();
  await real.embed(texts.map((t) => t.replace(/[^\p{L}\p{N}]+/gu, " ").slice(0, 100)));
  const perChunkMs = (performance.now() - start) / texts.length;

  printTable(
    ["measure", "value"],
    [
      [`index ${FILES} files from scratch (${chunks} chunks)`, `${round(full.ms / 1000, 2)} s`],
      ["  of which embedding (bench hash embedder)", `${round(full.embedMs / 1000, 2)} s`],
      [
        "  floor: git ls-files + read every file",
        `${round(floorFullMs, 1)} ms (${round(full.ms / floorFullMs, 1)}×)`,
      ],
      ["re-index after 10 changed files", `${round(again.ms, 1)} ms (${again.indexed} files read)`],
      ["  floor: git diff-files", `${round(floorDiffMs, 1)} ms (${round(again.ms / floorDiffMs, 1)}×)`],
      ["default embedder, per chunk (sample of 40)", `${round(perChunkMs, 1)} ms`],
      ["  → projected embedding for a from-scratch index", `${round((perChunkMs * chunks) / 1000, 0)} s`],
    ],
  );
  console.log(
    JSON.stringify({
      files: FILES,
      chunks,
      index_5k_s: round(full.ms / 1000, 2),
      embed_s: round(full.embedMs / 1000, 2),
      reindex_10_ms: round(again.ms, 1),
      reindex_files_read: again.indexed,
      floor_full_ms: round(floorFullMs, 1),
      floor_diff_ms: round(floorDiffMs, 1),
      default_embed_ms_per_chunk: round(perChunkMs, 1),
    }),
  );
} finally {
  rmSync(root, { recursive: true, force: true });
  rmSync(artHome, { recursive: true, force: true });
}
