// `art --version` and `art --help` against a bare `node -e 0`, interleaved in one run (goal: ratio <= 1.25), and
// the time from spawning `art exec` to its first model request arriving at a local HTTP endpoint (the mock LLM
// server, which records each request's arrival time; goal: under 2x `node -e 0`).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMockLlmServer } from "../test/support/mock-llm-server/index.js";
import { median, printTable, round } from "./_stats.js";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const art = path.join(root, "bin", "art");
const runs = Number(process.env.BENCH_RUNS ?? 40);
const execRuns = Number(process.env.BENCH_EXEC_RUNS ?? 15);

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

// A small project of the user's own, a warm $ART_HOME (the first run creates the database and the shadow
// repository; later runs are what every run and resume pays), and a $HOME without a login profile.
const home = mkdtempSync(path.join(os.tmpdir(), "art-bench-home-"));
const artHome = mkdtempSync(path.join(os.tmpdir(), "art-bench-art-"));
const workspace = mkdtempSync(path.join(os.tmpdir(), "art-bench-ws-"));
writeFileSync(path.join(workspace, "package.json"), '{ "name": "app", "version": "1.0.0" }\n');
writeFileSync(path.join(workspace, "index.js"), "console.log('hello');\n");
const server = await startMockLlmServer({ responses: [{ text: "ok" }] });
const env = { ...process.env, HOME: home, ART_HOME: artHome, OPENAI_API_KEY: "bench" };

/** Milliseconds from spawning `art exec` to its first request reaching the server (the run is then finished). */
async function firstRequest(extra: string[]): Promise<number> {
  const before = server.requests.length;
  const args = [art, "exec", "--model", "openai:gpt-bench", "--base-url", `${server.url}/v1`, ...extra];
  const started = performance.now();
  const child = spawn(process.execPath, [...args, "--cwd", workspace, "say ok"], { env, stdio: "ignore" });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`art exec exited ${code}`);
  const request = server.requests[before];
  if (!request) throw new Error("art exec made no model request");
  return request.receivedAt - started;
}

const execCases = {
  "art exec → first request": [],
  "  … with --no-checkpoints": ["--no-checkpoints"],
} satisfies Record<string, string[]>;
const execSamples: Record<string, number[]> = { "node -e 0 (same rounds)": [] };
for (const name of Object.keys(execCases)) execSamples[name] = [];
for (const extra of Object.values(execCases)) await firstRequest(extra); // warm: database, shadow repository
for (let i = 0; i < execRuns; i++) {
  execSamples["node -e 0 (same rounds)"]!.push(time(["-e", "0"]));
  for (const [name, extra] of Object.entries(execCases)) execSamples[name]!.push(await firstRequest(extra));
}
await server.close({ allowUnconsumed: true });

const floor = median(samples["node -e 0"]!);
const execFloor = median(execSamples["node -e 0 (same rounds)"]!);
printTable(
  ["command", "median ms", "ratio to node -e 0"],
  [
    ...Object.entries(samples).map(([name, values]) => [
      name,
      round(median(values), 2),
      round(median(values) / floor, 3),
    ]),
    ...Object.entries(execSamples).map(([name, values]) => [
      name,
      round(median(values), 2),
      round(median(values) / execFloor, 3),
    ]),
  ],
);
const version = median(samples["art --version"]!);
const help = median(samples["art --help"]!);
const first = median(execSamples["art exec → first request"]!);
const firstBare = median(execSamples["  … with --no-checkpoints"]!);
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
    exec_runs: execRuns,
    exec_node_ms: round(execFloor, 2),
    first_request_ms: round(first, 2),
    first_request_no_checkpoints_ms: round(firstBare, 2),
    first_request_ratio: round(first / execFloor, 3),
    first_request_goal_ratio: 2,
  }),
);
