// Checkpoint benchmark: a synthetic 20k-file repository; first snapshot, incremental snapshot after 10 files
// change, and restore — against the naive shadow-git approach (`git --git-dir=<shadow> --work-tree=. add -A &&
// git commit`) measured in the same run on the same tree.
//
//   npm run bench -- checkpoint [--files 20000] [--rounds 5]
//
// Prints a table, then one JSON line: first_ms, naive_first_ms, incremental_ms, naive_incremental_ms, restore_ms.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Checkpointer } from "../src/checkpoint/index.js";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const FILES = option("files", 20_000);
const ROUNDS = option("rounds", 5);
const CHANGED = 10;
const PER_DIRECTORY = 50;

const root = mkdtempSync(path.join(tmpdir(), "art-bench-checkpoint-"));
const workspace = path.join(root, "repo");

function filePath(index: number): string {
  const directory = Math.floor(index / PER_DIRECTORY);
  return path.join(
    workspace,
    `pkg${directory % 25}`,
    `module${directory}`,
    `file${index % PER_DIRECTORY}.ts`,
  );
}

function generate(): void {
  for (let index = 0; index < FILES; index++) {
    const file = filePath(index);
    if (index % PER_DIRECTORY === 0) mkdirSync(path.dirname(file), { recursive: true });
    const lines = 5 + (index % 60);
    writeFileSync(file, `// file ${index}\n${`export const value${index} = ${index} * 2;\n`.repeat(lines)}`);
  }
  writeFileSync(path.join(workspace, ".gitignore"), "*.log\n");
  mkdirSync(path.join(workspace, "node_modules", "dep"), { recursive: true });
  writeFileSync(path.join(workspace, "node_modules", "dep", "index.js"), "module.exports = 1;\n");
}

/** The user's repository and the naive shadow both run git with no system or global config. */
function git(args: string[], cwd: string): void {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("GIT_")) env[key] = value;
  execFileSync("git", args, {
    cwd,
    stdio: "ignore",
    env: {
      ...env,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_AUTHOR_NAME: "bench",
      GIT_AUTHOR_EMAIL: "bench@example.com",
      GIT_COMMITTER_NAME: "bench",
      GIT_COMMITTER_EMAIL: "bench@example.com",
    },
  });
}

let edits = 0;
/** Changes 10 files spread over the tree (a new edit every call). */
function changeFiles(): void {
  edits++;
  for (let index = 0; index < CHANGED; index++) {
    const target = filePath((index * 1999 + edits * 7) % FILES);
    writeFileSync(target, `// edited ${edits}\nexport const edited = ${edits};\n`);
  }
}

/**
 * Flushes dirty pages before each measurement: the naive approach leaves 20k freshly written loose objects behind,
 * and their writeback would otherwise slow down whatever runs next.
 */
function settle(): void {
  try {
    execFileSync("sync", [], { stdio: "ignore" });
  } catch {
    // no sync(1) on this platform
  }
}

async function time<T>(work: () => T | Promise<T>): Promise<[number, T]> {
  settle();
  const started = performance.now();
  const value = await work();
  return [performance.now() - started, value];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const results = {
  first: [] as number[],
  naiveFirst: [] as number[],
  incremental: [] as number[],
  naiveIncremental: [] as number[],
  restore: [] as number[],
  open: [] as number[],
};

try {
  mkdirSync(workspace);
  generate();
  git(["init", "-q"], workspace);

  for (let round = 0; round < ROUNDS; round++) {
    const artHome = path.join(root, `art-home-${round}`);
    const naiveDir = path.join(root, `naive-${round}.git`);
    git(["init", "-q", "--bare", naiveDir], root);
    // No automatic gc: after 20k loose objects, `git commit` would start a detached gc that competes for the CPU
    // with whatever is measured next (and takes the naive repository's cost out of its own timing).
    git([`--git-dir=${naiveDir}`, "config", "gc.auto", "0"], root);
    git([`--git-dir=${naiveDir}`, "config", "maintenance.auto", "false"], root);
    const naive = (): void => {
      git([`--git-dir=${naiveDir}`, "--work-tree=.", "add", "-A"], workspace);
      git(
        [`--git-dir=${naiveDir}`, "--work-tree=.", "commit", "-q", "--allow-empty", "-m", "checkpoint"],
        workspace,
      );
    };

    // First snapshot: alternate which goes first, so neither always gets the warmer page cache.
    const [openMs, checkpointer] = await time(() => Checkpointer.open({ workspace, artHome }));
    results.open.push(openMs);
    let first!: Awaited<ReturnType<Checkpointer["snapshot"]>>;
    const ours = async () => {
      const [ms, value] = await time(() =>
        checkpointer.snapshot({ sessionId: "bench", turn: 0, phase: "turn-start" }),
      );
      results.first.push(ms);
      first = value;
    };
    const theirs = async () => results.naiveFirst.push((await time(naive))[0]);
    if (round % 2 === 0) {
      await ours();
      await theirs();
    } else {
      await theirs();
      await ours();
    }

    // Incremental: 10 files change, then each side snapshots the same state.
    for (let step = 0; step < 3; step++) {
      changeFiles();
      const pair = [
        async () =>
          results.incremental.push(
            (
              await time(() =>
                checkpointer.snapshot({ sessionId: "bench", turn: step + 1, phase: "turn-end" }),
              )
            )[0],
          ),
        async () => results.naiveIncremental.push((await time(naive))[0]),
      ];
      if ((round + step) % 2 === 1) pair.reverse();
      for (const run of pair) await run();
    }

    // Restore to the first checkpoint (30 files differ).
    results.restore.push(
      (await time(() => checkpointer.restore(first.checkpointId, { sessionId: "bench" })))[0],
    );
  }

  const summary = {
    files: FILES,
    changed_files: CHANGED,
    rounds: ROUNDS,
    open_ms: Math.round(median(results.open)),
    first_ms: Math.round(median(results.first)),
    naive_first_ms: Math.round(median(results.naiveFirst)),
    incremental_ms: Math.round(median(results.incremental)),
    naive_incremental_ms: Math.round(median(results.naiveIncremental)),
    restore_ms: Math.round(median(results.restore)),
    load_average: Number(loadavg()[0]!.toFixed(1)),
  };
  const rows: [string, number, number | null][] = [
    ["first snapshot", summary.first_ms, summary.naive_first_ms],
    [`incremental (${CHANGED} files changed)`, summary.incremental_ms, summary.naive_incremental_ms],
    ["restore (incl. before-restore snapshot)", summary.restore_ms, null],
    ["open (create store)", summary.open_ms, null],
  ];
  console.log(
    `checkpoint benchmark: ${FILES} files, median of ${ROUNDS} rounds (incremental: ${ROUNDS * 3} runs)`,
  );
  console.log(
    `machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(" ")}`,
  );
  console.log(
    `${"operation".padEnd(42)}${"art ms".padStart(10)}${"naive ms".padStart(10)}${"ratio".padStart(8)}`,
  );
  for (const [name, ours, naive] of rows) {
    const ratio = naive ? (ours / naive).toFixed(2) : "";
    console.log(
      `${name.padEnd(42)}${String(ours).padStart(10)}${String(naive ?? "").padStart(10)}${ratio.padStart(8)}`,
    );
  }
  const samples = (values: number[]) => values.map((value) => Math.round(value)).join(" ");
  console.log(`samples first: art ${samples(results.first)} | naive ${samples(results.naiveFirst)}`);
  console.log(
    `samples incremental: art ${samples(results.incremental)} | naive ${samples(results.naiveIncremental)}`,
  );
  console.log(JSON.stringify(summary));
} finally {
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}
