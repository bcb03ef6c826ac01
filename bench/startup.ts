// `art --version` against a bare `node -e 0`, interleaved in one run. Goal: ratio <= 1.25.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { median, printTable, round } from "./_stats.js";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const art = path.join(root, "bin", "art");
const runs = Number(process.env.BENCH_RUNS ?? 40);

function time(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: "ignore" });
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const cases = {
  "node -e 0": ["-e", "0"],
  "art --version": [art, "--version"],
  "art --help": [art, "--help"],
};
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (const args of Object.values(cases)) time(args); // warm the file cache
for (let i = 0; i < runs; i++) {
  for (const [name, args] of Object.entries(cases)) samples[name]!.push(time(args));
}
const floor = median(samples["node -e 0"]!);
printTable(
  ["command", "median ms", "ratio to node -e 0"],
  Object.entries(samples).map(([name, values]) => [
    name,
    round(median(values), 2),
    round(median(values) / floor, 3),
  ]),
);
const version = median(samples["art --version"]!);
const help = median(samples["art --help"]!);
console.log(
  JSON.stringify({
    bench: "startup",
    runs,
    node_ms: round(floor, 2),
    art_version_ms: round(version, 2),
    art_help_ms: round(help, 2),
    ratio: round(version / floor, 3),
    help_ratio: round(help / floor, 3),
    goal_ratio: 1.25,
  }),
);
