// A child of `bench/scale.ts` (run with --expose-gc): art's side of the scale benchmark, in its own process so its
// RSS is its own. Talks to the parent over IPC: the parent runs the mock LLM servers, so their work and memory are
// not ours, as a provider's are not.
//   run  SESSIONS FAST_URL          SESSIONS sessions of the five-step conversation through one Pool.
//   idle SESSIONS FAST_URL SLOW_URL SESSIONS sessions parked on a model that takes minutes to answer: RSS and heap per
//                                   parked session, against the same process after warm-up sessions ran to the end.
// Prints one JSON line.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { defineAgent, Pool, Runtime, tool } from "../src/index.js";
import { peakRssMb } from "./_scale-script.js";

const [mode, sessionsArg, fastUrl, slowUrl] = process.argv.slice(2);
const SESSIONS = Number(sessionsArg);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run this child with node --expose-gc");

function collect(): { rss: number; heap: number } {
  for (let i = 0; i < 3; i++) gc!();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}

/** Asks the parent a question over IPC and waits for its answer. */
function ask<T>(question: string): Promise<T> {
  return new Promise((resolve) => {
    process.once("message", (answer) => resolve(answer as T));
    process.send!(question);
  });
}

const lookup = tool({
  name: "lookup",
  description: "Looks a note up.",
  inputSchema: z.object({ key: z.string() }),
  effects: "read",
  execute: ({ key }) => `notes for ${key}: the build is quick`,
});

function agentAt(name: string, url: string) {
  return defineAgent({
    name,
    model: "openai:gpt-5",
    baseUrl: `${url}/v1`,
    tools: { builtins: ["shell"], extra: [lookup as never] },
    approval: "never",
    sandbox: "workspace-write",
    checkpoints: false,
  });
}

// Not under /tmp: the sandbox denies reads of the art home, and Landlock can only allow, so the launcher allows
// every sibling along the denied path — on this shared machine /tmp holds ~20,000 entries, which made each
// sandboxed `true` take ~500 ms. Under the repository's ignored .art-tmp/ the path's directories are small, as
// ~/.art's are on a user's machine.
const scratch = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), ".art-tmp");
mkdirSync(scratch, { recursive: true });
const root = mkdtempSync(path.join(scratch, "scale-"));
const home = path.join(root, "home");
const work = path.join(root, "work");
mkdirSync(home);
mkdirSync(work);
writeFileSync(path.join(work, "README.md"), "scale benchmark workspace\n");
const env = { ...process.env, HOME: home, OPENAI_API_KEY: "sk-bench" };
const runtime = await Runtime.open({ artHome: home, env });
const agents = { fast: agentAt("fast", fastUrl!), ...(slowUrl ? { slow: agentAt("slow", slowUrl) } : {}) };
const pool = await Pool.open({ runtime, agents, cwd: work, concurrency: SESSIONS });

/**
 * Per session and step: the time of its shell command, from the journal — `step.completed` (the call is durable) to
 * `exec.end`: waiting for a command slot, the sandbox plan, spawn and run. Whole milliseconds (event times).
 */
async function commandMs(sessionId: string): Promise<number[]> {
  const perStep = [0, 0, 0, 0, 0];
  let step = 0;
  let completedAt = 0;
  for await (const { event, time } of runtime.subscribe(sessionId)) {
    if (event.type === "step.completed") {
      step = event.step;
      completedAt = time;
    } else if (event.type === "exec.end") perStep[step]! += time - completedAt;
  }
  return perStep;
}

if (mode === "run") {
  const before = collect();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const started = performance.now();
  const handles = Array.from({ length: SESSIONS }, (_, i) =>
    pool.submit({ kind: "session", agent: "fast", prompt: `scale task ${i}` }),
  );
  const records = await Promise.all(handles.map((handle) => handle.result));
  const wall = performance.now() - started;
  lag.disable();
  const peak = peakRssMb();
  const completed = records.filter((r) => (r.result as { status?: string }).status === "completed").length;
  const commands: Record<string, number[]> = {};
  for (const [i, handle] of handles.entries())
    commands[`scale task ${i}`] = await commandMs(handle.sessionId);
  const after = collect();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  console.log(
    JSON.stringify({
      wall_ms: Math.round(wall),
      peak_rss_mb: peak,
      completed,
      loop_lag_p50_ms: ms(lag.percentile(50)),
      loop_lag_p99_ms: ms(lag.percentile(99)),
      loop_lag_max_ms: ms(lag.max),
      heap_retained_mb: Math.round(((after.heap - before.heap) / 2 ** 20) * 10) / 10,
      live_sessions_after: runtime.stats().liveSessions,
      commands,
    }),
  );
} else {
  // Warm-up: every module, JIT and pool path a session touches, so the parked sessions' growth is theirs alone.
  const warm = Array.from({ length: 20 }, (_, i) =>
    pool.submit({ kind: "session", agent: "fast", prompt: `scale task warm ${i}` }),
  );
  await Promise.all(warm.map((handle) => handle.result));
  const base = collect();
  for (let i = 0; i < SESSIONS; i++)
    pool.submit({ kind: "session", agent: "slow", prompt: `scale task idle ${i}` });
  // Parked: every session's request has reached the slow server, which answers in minutes.
  while ((await ask<number>("slow-requests")) < SESSIONS) await new Promise((r) => setTimeout(r, 200));
  const parked = collect();
  console.log(
    JSON.stringify({
      idle_sessions: SESSIONS,
      idle_session_kb: Math.round((parked.rss - base.rss) / SESSIONS / 102.4) / 10,
      idle_heap_kb: Math.round((parked.heap - base.heap) / SESSIONS / 102.4) / 10,
      live_sessions_parked: runtime.stats().liveSessions,
    }),
  );
}
rmSync(root, { recursive: true, force: true });
process.exit(0);
