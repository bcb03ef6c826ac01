// `art --version` and `art --help` against a bare `node -e 0`, interleaved in one run (goal: ratio <= 1.25), and
// the time from spawning `art exec` to its first model request arriving at a local HTTP endpoint (the mock LLM
// server, which records each request's arrival time; goal: under 2x `node -e 0`).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
// One "ok" per turn a session can reach: the server answers a conversation's n-th turn with response n (the
// resumed session gains a turn every round).
const server = await startMockLlmServer({ responses: Array.from({ length: 200 }, () => ({ text: "ok" })) });
const env = { ...process.env, HOME: home, ART_HOME: artHome, OPENAI_API_KEY: "bench" };

/** One way of running `art exec`: extra flags, extra environment; `resume`: `art resume` of the warm session. */
interface ExecCase {
  flags: string[];
  env?: NodeJS.ProcessEnv;
  resume?: boolean;
}

/** One `art exec` (or `node -e 0`) measured: wall time to the first request, CPU time of the whole process tree. */
interface ExecSample {
  wallMs: number;
  cpuMs: number;
}

/**
 * CPU milliseconds (user + system) of this process's finished children and their descendants, from Linux's
 * /proc/self/stat (`cutime` + `cstime`, in clock ticks of 10 ms). CPU time is steadier than wall time on a machine
 * shared with other work; it covers the child's whole run, which after its first request is only a short reply.
 */
function childrenCpuMs(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 16 and 17 of proc(5), counted from 1 with the first two ("pid (comm)") cut off.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** `node -e 0`, as one sample of the same rounds. */
function nodeSample(): ExecSample {
  const cpuBefore = childrenCpuMs();
  const wallMs = time(["-e", "0"]);
  return { wallMs, cpuMs: childrenCpuMs() - cpuBefore };
}

/** Milliseconds from spawning `art exec` to its first request reaching the server (the run is then finished). */
async function firstRequest({ flags, env: extraEnv, resume }: ExecCase): Promise<ExecSample> {
  const before = server.requests.length;
  const args = resume
    ? [art, "resume", resumeSession(), ...flags, "say ok again"]
    : [art, "exec", "--model", "openai:gpt-bench", "--base-url", `${server.url}/v1`, ...flags];
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const child = spawn(process.execPath, resume ? args : [...args, "--cwd", workspace, "say ok"], {
    env: { ...env, ...extraEnv },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`art ${args[1]} exited ${code}: ${stderr}`);
  const request = server.requests[before];
  if (!request) throw new Error("art exec made no model request");
  return { wallMs: request.receivedAt - started, cpuMs: childrenCpuMs() - cpuBefore };
}

/**
 * The session `art resume` continues: made by one warm-up `art exec --json` (each round then adds a turn to it).
 * Spawned, not spawnSync: the mock server answering it lives in this process's event loop.
 */
async function makeSession(): Promise<string> {
  const args = [art, "exec", "--model", "openai:gpt-bench", "--base-url", `${server.url}/v1`, "--json"];
  const child = spawn(process.execPath, [...args, "--cwd", workspace, "say ok"], {
    env,
    stdio: ["ignore", "pipe", "ignore"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const found = /"(ses_[0-9a-z]+)"/.exec(stdout);
  if (code !== 0 || !found) throw new Error(`art exec --json exited ${code} and named no session`);
  return found[1]!;
}
const session = await makeSession();
const resumeSession = () => session;

// The unbundled CLI (dist/cli/, what `art` ran before the bundle) and the ES module chunks (what `art` ran before
// the code-cached CommonJS bundle) in the same rounds: each step's gain, measured under the same load.
const execCases = {
  "art exec → first request": { flags: [] },
  "  … with --no-checkpoints": { flags: ["--no-checkpoints"] },
  "  … ES module chunks (ART_BUNDLE=esm)": { flags: [], env: { ART_BUNDLE: "esm" } },
  "  … unbundled (ART_UNBUNDLED=1)": { flags: [], env: { ART_UNBUNDLED: "1" } },
  "art resume → first request": { flags: [], resume: true },
  "  … ES module chunks (ART_BUNDLE=esm) ": { flags: [], resume: true, env: { ART_BUNDLE: "esm" } },
} satisfies Record<string, ExecCase>;
const NODE_ROUNDS = "node -e 0 (same rounds)";
const execSamples: Record<string, ExecSample[]> = { [NODE_ROUNDS]: [] };
for (const name of Object.keys(execCases)) execSamples[name] = [];
for (const execCase of Object.values(execCases)) await firstRequest(execCase); // warm: database, shadow repository
for (let i = 0; i < execRuns; i++) {
  execSamples[NODE_ROUNDS]!.push(nodeSample());
  for (const [name, execCase] of Object.entries(execCases))
    execSamples[name]!.push(await firstRequest(execCase));
}
await server.close({ allowUnconsumed: true });

const floor = median(samples["node -e 0"]!);
printTable(
  ["command", "median ms", "ratio to node -e 0"],
  Object.entries(samples).map(([name, values]) => [
    name,
    round(median(values), 2),
    round(median(values) / floor, 3),
  ]),
);
console.log();
const wall = (name: string) => median(execSamples[name]!.map((sample) => sample.wallMs));
const cpu = (name: string) => median(execSamples[name]!.map((sample) => sample.cpuMs));
const execFloor = wall(NODE_ROUNDS);
const cpuFloor = cpu(NODE_ROUNDS);
printTable(
  ["command", "median ms", "ratio to node -e 0", "CPU ms (whole run)", "CPU ratio"],
  Object.keys(execSamples).map((name) => [
    name,
    round(wall(name), 2),
    round(wall(name) / execFloor, 3),
    round(cpu(name), 1),
    round(cpu(name) / cpuFloor, 3),
  ]),
);
const version = median(samples["art --version"]!);
const help = median(samples["art --help"]!);
const first = wall("art exec → first request");
const firstUnbundled = wall("  … unbundled (ART_UNBUNDLED=1)");
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
    first_request_no_checkpoints_ms: round(wall("  … with --no-checkpoints"), 2),
    first_request_unbundled_ms: round(firstUnbundled, 2),
    first_request_ratio: round(first / execFloor, 3),
    first_request_unbundled_ratio: round(firstUnbundled / execFloor, 3),
    first_request_goal_ratio: 2,
    exec_node_cpu_ms: round(cpuFloor, 1),
    exec_cpu_ms: round(cpu("art exec → first request"), 1),
    exec_unbundled_cpu_ms: round(cpu("  … unbundled (ART_UNBUNDLED=1)"), 1),
    first_request_esm_ms: round(wall("  … ES module chunks (ART_BUNDLE=esm)"), 2),
    first_request_esm_ratio: round(wall("  … ES module chunks (ART_BUNDLE=esm)") / execFloor, 3),
    exec_esm_cpu_ms: round(cpu("  … ES module chunks (ART_BUNDLE=esm)"), 1),
    resume_first_request_ms: round(wall("art resume → first request"), 2),
    resume_first_request_ratio: round(wall("art resume → first request") / execFloor, 3),
    resume_esm_first_request_ms: round(wall("  … ES module chunks (ART_BUNDLE=esm) "), 2),
    resume_cpu_ms: round(cpu("art resume → first request"), 1),
    resume_esm_cpu_ms: round(cpu("  … ES module chunks (ART_BUNDLE=esm) "), 1),
  }),
);
