// npm run bench -- sandbox [iterations]
// Median wall time of spawning /bin/true from Node (spawnSync, spawn to exit): bare; through art-sandbox with
// Landlock + seccomp only (no namespaces, no process bound); through art-sandbox with every layer (user, mount,
// pid and net namespaces, protected paths, denied paths, Landlock, seccomp, pid bound); and bubblewrap when it is
// installed. Rounds interleave the variants so drift hits them all alike. Goals: overhead <= 2 ms (Landlock) and
// <= 6 ms (all layers).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  buildSandboxPolicy,
  detectSandboxCapabilities,
  LauncherPolicy,
  toLauncherPolicy,
} from "../src/sandbox/index.js";
import { median, printTable, round } from "./_stats.js";

const iterations = Number(process.argv[2] ?? 200);
const WARMUP = 20;
const GOAL_LANDLOCK_MS = 2;
const GOAL_FULL_MS = 6;

const capabilities = detectSandboxCapabilities();
if (!capabilities.launcher.available) {
  console.error(`bench sandbox: ${capabilities.launcher.problem}; run npm run build:native first.`);
  process.exit(1);
}
const launcher = capabilities.launcher.path;
const root = mkdtempSync(path.join(tmpdir(), "art-bench-sandbox-"));
const workspace = path.join(root, "workspace");
const tmpDir = path.join(root, "tmp");
mkdirSync(path.join(workspace, ".git", "hooks"), { recursive: true });
mkdirSync(tmpDir);
const policy = buildSandboxPolicy({
  mode: "workspace-write",
  network: "none",
  workspace,
  writableRoots: [],
  artHome: path.join(root, "art-home"),
  tmpDir,
});
const landlockOnly = LauncherPolicy.parse({
  ...toLauncherPolicy(policy, { namespaces: false, cwd: workspace }),
  pids_max: 0,
});
const allLayers = LauncherPolicy.parse(
  toLauncherPolicy(policy, { namespaces: capabilities.userNamespaces, cwd: workspace }),
);
const bwrapInstalled = spawnSync("bwrap", ["--version"]).status === 0;

interface Variant {
  label: string;
  file: string;
  args: string[];
  times: number[];
}
const variants: Variant[] = [
  { label: "bare /bin/true", file: "/bin/true", args: [], times: [] },
  {
    label: "art-sandbox: Landlock + seccomp",
    file: launcher,
    args: ["--policy", JSON.stringify(landlockOnly), "--", "/bin/true"],
    times: [],
  },
  {
    label: `art-sandbox: all layers${capabilities.userNamespaces ? "" : " (NO user namespaces here)"}`,
    file: launcher,
    args: ["--policy", JSON.stringify(allLayers), "--", "/bin/true"],
    times: [],
  },
];
if (bwrapInstalled)
  variants.push({
    label: "bwrap --ro-bind / / --dev /dev --unshare-all",
    file: "bwrap",
    args: ["--ro-bind", "/", "/", "--dev", "/dev", "--unshare-all", "/bin/true"],
    times: [],
  });

try {
  for (let round_ = 0; round_ < WARMUP + iterations; round_++) {
    for (const variant of variants) {
      const started = performance.now();
      const result = spawnSync(variant.file, variant.args, {
        cwd: workspace,
        stdio: ["ignore", "ignore", "pipe"],
      });
      const elapsed = performance.now() - started;
      if (result.status !== 0)
        throw new Error(
          `${variant.label} failed (exit ${result.status}): ${result.stderr?.toString() ?? ""}`,
        );
      if (round_ >= WARMUP) variant.times.push(elapsed);
    }
  }
  const bare = median(variants[0]!.times);
  const medians = variants.map((variant) => median(variant.times));
  console.log(
    `sandbox: spawn /bin/true from Node, median of ${iterations} runs (after ${WARMUP} warm-up), interleaved`,
  );
  printTable(
    ["variant", "median ms", "overhead ms", "vs bare"],
    variants.map((variant, index) => [
      variant.label,
      round(medians[index]!, 2).toFixed(2),
      index === 0 ? "-" : round(medians[index]! - bare, 2).toFixed(2),
      `${round(medians[index]! / bare, 2).toFixed(2)}x`,
    ]),
  );
  const overheadLandlock = medians[1]! - bare;
  const overheadFull = medians[2]! - bare;
  console.log(
    `goals: Landlock overhead ${round(overheadLandlock, 2)} ms (goal <= ${GOAL_LANDLOCK_MS}), all layers ${round(overheadFull, 2)} ms (goal <= ${GOAL_FULL_MS})`,
  );
  console.log(
    JSON.stringify({
      bench: "sandbox",
      iterations,
      bare_ms: round(bare, 3),
      landlock_ms: round(medians[1]!, 3),
      full_ms: round(medians[2]!, 3),
      full_has_namespaces: capabilities.userNamespaces,
      bwrap_ms: bwrapInstalled ? round(medians[3]!, 3) : null,
      overhead_landlock_ms: round(overheadLandlock, 3),
      overhead_full_ms: round(overheadFull, 3),
      overhead_bwrap_ms: bwrapInstalled ? round(medians[3]! - bare, 3) : null,
      goal_landlock_ms: GOAL_LANDLOCK_MS,
      goal_full_ms: GOAL_FULL_MS,
    }),
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
