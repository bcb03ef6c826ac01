// npm run bench -- patch [iterations]
// A 1,000-chunk patch on a 100,000-line file: our engine in process (Codex format and unified diff) against
// `git apply` of the equivalent unified diff, measured in the same run. Both write the result to disk.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyPatch } from "../src/patch/index.js";

const LINES = 100_000;
const CHUNKS = 1_000;
const CONTEXT = 3;
const iterations = Number(process.argv[2] ?? 15);
const WARMUP = 3;

function sourceLine(i: number): string {
  return i % 5 === 4 ? "  }" : `  const value${i} = compute(${i}, "${(i * 2654435761) % 1_000_003}");`;
}

const before = Array.from({ length: LINES }, (_, i) => sourceLine(i));
const after = [...before];
const codex = ["*** Begin Patch", "*** Update File: big.ts"];
const stride = LINES / CHUNKS;
for (let n = 0; n < CHUNKS; n++) {
  const at = n * stride + Math.floor(stride / 2);
  after[at] = `  const value${at} = compute(${at}, "changed ${n}");`;
  codex.push("@@");
  for (let i = at - CONTEXT; i < at; i++) codex.push(` ${before[i]}`);
  codex.push(`-${before[at]}`, `+${after[at]}`);
  for (let i = at + 1; i <= at + CONTEXT; i++) codex.push(` ${before[i]}`);
}
codex.push("*** End Patch");
const codexPatch = `${codex.join("\n")}\n`;
const beforeText = `${before.join("\n")}\n`;
const afterText = `${after.join("\n")}\n`;

const dir = mkdtempSync(path.join(tmpdir(), "art-bench-patch-"));
const target = path.join(dir, "big.ts");
writeFileSync(path.join(dir, "before.ts"), beforeText);
writeFileSync(path.join(dir, "after.ts"), afterText);
// The equivalent unified diff, as git itself writes it.
const diffRun = spawnSync("git", ["diff", "--no-index", "-U3", "--", "before.ts", "after.ts"], {
  cwd: dir,
  encoding: "utf8",
  maxBuffer: 1 << 28,
});
const unifiedPatch = diffRun.stdout
  .replaceAll("a/before.ts", "a/big.ts")
  .replaceAll("b/after.ts", "b/big.ts");
writeFileSync(path.join(dir, "patch.diff"), unifiedPatch);
rmSync(path.join(dir, "before.ts"));
rmSync(path.join(dir, "after.ts"));

function check(label: string): void {
  if (readFileSync(target, "utf8") !== afterText) throw new Error(`${label} produced a wrong file`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function measure(label: string, run: () => Promise<void> | void): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + iterations; i++) {
    writeFileSync(target, beforeText);
    const started = performance.now();
    await run();
    const elapsed = performance.now() - started;
    check(label);
    if (i >= WARMUP) times.push(elapsed);
  }
  return median(times);
}

try {
  const ours = await measure("art (codex)", async () => {
    await applyPatch(codexPatch, { cwd: dir });
  });
  const oursUnified = await measure("art (unified)", async () => {
    await applyPatch(unifiedPatch, { cwd: dir });
  });
  const gitApply = await measure("git apply", () => {
    const result = spawnSync("git", ["apply", "patch.diff"], { cwd: dir });
    if (result.status !== 0) throw new Error(`git apply failed: ${result.stderr}`);
  });
  const rows: [string, number][] = [
    ["art applyPatch, Codex format (in process)", ours],
    ["art applyPatch, unified diff (in process)", oursUnified],
    ["git apply, unified diff (process)", gitApply],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(
    `patch: ${CHUNKS} chunks on a ${LINES}-line file, median of ${iterations} runs (after ${WARMUP} warm-up)`,
  );
  console.log(`${"engine".padEnd(width)}  ${"ms".padStart(8)}  ${"vs git apply".padStart(12)}`);
  for (const [label, ms] of rows) {
    console.log(
      `${label.padEnd(width)}  ${ms.toFixed(2).padStart(8)}  ${`${(ms / gitApply).toFixed(2)}x`.padStart(12)}`,
    );
  }
  const round = (value: number) => Math.round(value * 100) / 100;
  console.log(
    JSON.stringify({
      bench: "patch",
      lines: LINES,
      chunks: CHUNKS,
      iterations,
      ours_ms: round(ours),
      ours_unified_ms: round(oursUnified),
      git_apply_ms: round(gitApply),
      ratio: round(ours / gitApply),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
