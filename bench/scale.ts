// `npm run bench -- scale` (BENCH_SCALE_SESSIONS=100 for a quick run): issue 15's scale benchmark.
// SESSIONS sessions of five steps each through one Pool against the mock LLM server over real HTTP with a provider's
// latency (first token after 300 ms, then 100 tokens/s); steps 1 and 3 run `true` under the real sandbox. Then the
// same five-step conversation (no commands) SESSIONS times at once on LangGraph.js and on OpenAI Agents JS, whose
// fake models sleep the same latency. Each system runs in its own child process, so wall time and peak RSS are its
// own; the mock servers run here, in the parent, as a provider would elsewhere.
//
// Step overhead: for each session and step k >= 1, when request k reached the server minus when the server ended
// response k-1 (the server's clock), minus the step's command time from the session's journal (`step.completed` to
// `exec.end` of its shell call: slot wait, sandbox plan, spawn, run). What is left is our code: parsing the stream,
// journaling and fsync, tool dispatch, building and sending the next request. Steps after a `lookup` call (an
// in-process tool, nothing subtracted) are also reported alone: the cleanest view of the runtime's own cost.

import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type MockLlmServer, startMockLlmServer } from "../test/support/mock-llm-server/index.js";
import {
  ART_STEPS,
  FIRST_TOKEN_MS,
  PEER_STEPS,
  type PeerResult,
  sessionModelMs,
  TOKENS_PER_SECOND,
} from "./_scale-script.js";
import { printTable, round } from "./_stats.js";

const SESSIONS = Number(process.env.BENCH_SCALE_SESSIONS ?? 1000);
const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs bench/<file> in a child node (tsx, --expose-gc) and returns its last stdout line, parsed. */
function child<T>(
  file: string,
  args: string[],
  onMessage?: (message: unknown, c: ChildProcess) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    // BENCH_SCALE_PROF=<dir>: art's children write a CPU profile there (`--cpu-prof`), for finding what blocks.
    const prof = process.env.BENCH_SCALE_PROF && file === "_scale-art.ts";
    const flags = prof ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SCALE_PROF}`] : [];
    const c = spawn(
      process.execPath,
      [...flags, "--expose-gc", "--import", "tsx", path.join(here, file), ...args],
      {
        stdio: ["ignore", "pipe", "inherit", "ipc"],
      },
    );
    let out = "";
    c.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    if (onMessage) c.on("message", (message) => onMessage(message, c));
    c.on("error", reject);
    c.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`${file} exited ${code}: ${out.slice(-2000)}`));
      resolve(JSON.parse(last) as T);
    });
  });
}

const responses = ART_STEPS.map((step) => ({
  text: step.text,
  ...(step.tool ? { toolCalls: [{ name: step.tool.name, arguments: step.tool.arguments }] } : {}),
}));
const latency = { firstTokenMs: FIRST_TOKEN_MS, tokensPerSecond: TOKENS_PER_SECOND };

interface ArtRun {
  wall_ms: number;
  peak_rss_mb: number;
  completed: number;
  loop_lag_p50_ms: number;
  loop_lag_p99_ms: number;
  loop_lag_max_ms: number;
  heap_retained_mb: number;
  live_sessions_after: number;
  commands: Record<string, number[]>;
}

/** Overheads per step from the server's request log and the sessions' command times. */
function stepOverheads(
  server: MockLlmServer,
  commands: Record<string, number[]>,
): { all: number[]; afterLookup: number[] } {
  const epoch = (t: number) => performance.timeOrigin + t;
  const bySession = new Map<string, Map<number, { receivedAt: number; endedAt?: number }>>();
  for (const request of server.requests) {
    const key = /scale task \d+/.exec(JSON.stringify(request.body))?.[0];
    if (!key || request.responseIndex === undefined) continue;
    const steps = bySession.get(key) ?? new Map();
    steps.set(request.responseIndex, {
      receivedAt: epoch(request.receivedAt),
      ...(request.endedAt !== undefined ? { endedAt: epoch(request.endedAt) } : {}),
    });
    bySession.set(key, steps);
  }
  const all: number[] = [];
  const afterLookup: number[] = [];
  for (const [key, steps] of bySession) {
    for (let k = 1; k < ART_STEPS.length; k++) {
      const previous = steps.get(k - 1);
      const next = steps.get(k);
      if (previous?.endedAt === undefined || !next) continue;
      const overhead = next.receivedAt - previous.endedAt - (commands[key]?.[k - 1] ?? 0);
      all.push(overhead);
      if (ART_STEPS[k - 1]!.tool?.name === "lookup") afterLookup.push(overhead);
    }
  }
  const byValue = (a: number, b: number) => a - b;
  return { all: all.sort(byValue), afterLookup: afterLookup.sort(byValue) };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;

// Art: the timed run.
const fast = await startMockLlmServer({ responses, latency });
const art = await child<ArtRun>("_scale-art.ts", ["run", String(SESSIONS), fast.url]);
const { all: overheads, afterLookup } = stepOverheads(fast, art.commands);
const commandTimes = Object.values(art.commands)
  .flat()
  .filter((ms) => ms > 0)
  .sort((a, b) => a - b);
await fast.close({ allowUnconsumed: true });

// Art: parked sessions.
const fast2 = await startMockLlmServer({ responses, latency });
const slow = await startMockLlmServer({
  responses,
  latency: { firstTokenMs: 600_000, tokensPerSecond: 100 },
});
const idle = await child<{ idle_session_kb: number; idle_heap_kb: number; live_sessions_parked: number }>(
  "_scale-art.ts",
  ["idle", String(SESSIONS), fast2.url, slow.url],
  (_message, c) => c.send(slow.requests.length),
);
await fast2.close({ allowUnconsumed: true });
await slow.close({ allowUnconsumed: true });

// The peers.
const lg = await child<PeerResult>("_scale-langgraph.ts", [String(SESSIONS)]);
const oa = await child<PeerResult>("_scale-openai-agents.ts", [String(SESSIONS)]);

// Every session runs at once (pool concurrency = SESSIONS): the ideal is one session's model time.
const ideal = sessionModelMs(ART_STEPS);
const peerIdeal = sessionModelMs(PEER_STEPS);
const p50 = percentile(overheads, 50);
const p99 = percentile(overheads, 99);
printTable(
  ["system", "sessions done", "wall ms", "ideal ms", "wall/ideal", "peak RSS MB"],
  [
    [
      "art (Pool, HTTP, sandbox)",
      art.completed,
      art.wall_ms,
      ideal,
      round(art.wall_ms / ideal, 2),
      art.peak_rss_mb,
    ],
    ["LangGraph.js", lg.completed, lg.wall_ms, peerIdeal, round(lg.wall_ms / peerIdeal, 2), lg.peak_rss_mb],
    [
      "OpenAI Agents JS",
      oa.completed,
      oa.wall_ms,
      peerIdeal,
      round(oa.wall_ms / peerIdeal, 2),
      oa.peak_rss_mb,
    ],
  ],
);
console.log(
  `art step overhead p50 ${round(p50, 2)} ms, p99 ${round(p99, 2)} ms (${overheads.length} steps); ` +
    `after a lookup step alone p50 ${round(percentile(afterLookup, 50), 2)} ms, p99 ${round(percentile(afterLookup, 99), 2)} ms; ` +
    `command time per shell step p50 ${round(percentile(commandTimes, 50), 1)} ms, p99 ${round(percentile(commandTimes, 99), 1)} ms`,
);
console.log(
  `event-loop lag p50 ${art.loop_lag_p50_ms} ms, p99 ${art.loop_lag_p99_ms} ms, max ${art.loop_lag_max_ms} ms; ` +
    `heap retained after the run ${art.heap_retained_mb} MB, live sessions after ${art.live_sessions_after}`,
);
console.log(
  `parked on a slow model: ${idle.idle_session_kb} KB RSS, ${idle.idle_heap_kb} KB heap per session ` +
    `(${idle.live_sessions_parked} live); wall vs LangGraph ${round(art.wall_ms / lg.wall_ms, 2)}x, ` +
    `vs OpenAI Agents ${round(art.wall_ms / oa.wall_ms, 2)}x; peak RSS vs LangGraph ${round(art.peak_rss_mb / lg.peak_rss_mb, 2)}x, ` +
    `vs OpenAI Agents ${round(art.peak_rss_mb / oa.peak_rss_mb, 2)}x`,
);
console.log(
  JSON.stringify({
    sessions: SESSIONS,
    wall_ms: art.wall_ms,
    ideal_ms: ideal,
    p50_step_overhead_ms: round(p50, 2),
    p99_step_overhead_ms: round(p99, 2),
    loop_lag_p99_ms: art.loop_lag_p99_ms,
    peak_rss_mb: art.peak_rss_mb,
    idle_session_kb: idle.idle_session_kb,
    lg_wall_ms: lg.wall_ms,
    lg_peak_rss_mb: lg.peak_rss_mb,
    oa_wall_ms: oa.wall_ms,
    oa_peak_rss_mb: oa.peak_rss_mb,
  }),
);
process.exit(0);
