// Scripted deltas through the whole runtime (model → journal → event hub → subscriber) against the floor (iterating
// the same scripted model directly) and against the AI SDK's streamText over its mock model, in one run.
// Goals: <= 3 µs of our overhead per event, flat from 10k to 100k, and <= 1/10 of streamText's cost.
// "sqlite" and "memory" stop the clock when the subscriber holds the last delta (every event is in the journal by
// then); "until durable" also waits for the run's final fsynced commit of all of them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { simulateReadableStream, streamText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { scriptedModelFromResponses } from "../src/model/index.js";
import { Agent } from "../src/orchestrator/index.js";
import { MemoryJournal } from "../src/store/index.js";
import { median, printTable, round } from "./_stats.js";

const sizes = (process.env.BENCH_SIZES ?? "10000,100000").split(",").map(Number);
const repeats = Number(process.env.BENCH_REPEATS ?? 5);

function scriptFor(deltas: number) {
  return scriptedModelFromResponses([{ text: "x".repeat(deltas) }], { spec: "scripted:bench", deltaSize: 1 });
}

async function floorMs(deltas: number): Promise<number> {
  const model = scriptFor(deltas);
  const started = performance.now();
  let count = 0;
  for await (const event of model.stream(
    { system: "", items: [{ type: "user", text: "go" }], tools: [] },
    new AbortController().signal,
  )) {
    if (event.type === "text.delta") count++;
  }
  if (count !== deltas) throw new Error(`floor saw ${count} deltas`);
  return performance.now() - started;
}

/**
 * One agent (and journal) kept across runs, as a long-lived process would: the journal's open and its writer
 * thread's start are not per-event costs. Each run is a new session and measures milliseconds until the subscriber
 * holds the last delta, and until the run's durable end.
 */
async function runtimeRunner(deltas: number, journal: "sqlite" | "memory") {
  const home = mkdtempSync(path.join(tmpdir(), "art-bench-stream-"));
  const agent = await Agent.create({
    model: scriptFor(deltas),
    artHome: home,
    sandbox: "full-access",
    checkpoints: false,
    ...(journal === "memory" ? { journal: new MemoryJournal() } : {}),
  });
  const run = async (): Promise<{ delivered: number; durable: number }> => {
    const cwd = mkdtempSync(path.join(tmpdir(), "art-bench-ws-"));
    const started = performance.now();
    const session = agent.start("go", { cwd });
    let count = 0;
    let delivered = 0;
    for await (const { event } of session.events()) {
      if (event.type === "message.delta" && ++count === deltas) delivered = performance.now() - started;
    }
    await session.result;
    const durable = performance.now() - started;
    rmSync(cwd, { recursive: true, force: true });
    if (count !== deltas) throw new Error(`runtime delivered ${count} deltas`);
    return { delivered, durable };
  };
  await run(); // warm up
  return {
    run,
    async close() {
      await agent.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

async function streamTextMs(deltas: number): Promise<number> {
  const chunks = [
    { type: "stream-start" as const, warnings: [] },
    { type: "text-start" as const, id: "t" },
    ...Array.from({ length: deltas }, () => ({ type: "text-delta" as const, id: "t", delta: "x" })),
    { type: "text-end" as const, id: "t" },
    {
      type: "finish" as const,
      finishReason: { unified: "stop" as const, raw: "stop" },
      usage: {
        inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: deltas, text: deltas, reasoning: 0 },
      },
    },
  ];
  const model = new MockLanguageModelV3({
    doStream: async () => ({
      stream: simulateReadableStream({ chunks, initialDelayInMs: null, chunkDelayInMs: null }),
    }),
  });
  const started = performance.now();
  const result = streamText({ model, prompt: "go" });
  let count = 0;
  for await (const _ of result.textStream) count++;
  if (count !== deltas) throw new Error(`streamText delivered ${count} deltas`);
  return performance.now() - started;
}

const rows: (string | number)[][] = [];
const summary: Record<string, number> = {};
for (const deltas of sizes) {
  const samples = {
    floor: [] as number[],
    sqlite: [] as number[],
    "sqlite, until durable": [] as number[],
    memory: [] as number[],
    streamText: [] as number[],
  };
  const sqliteRunner = await runtimeRunner(deltas, "sqlite");
  const memoryRunner = await runtimeRunner(deltas, "memory");
  for (let i = 0; i < repeats; i++) {
    samples.floor.push(await floorMs(deltas));
    const sqlite = await sqliteRunner.run();
    samples.sqlite.push(sqlite.delivered);
    samples["sqlite, until durable"].push(sqlite.durable);
    samples.memory.push((await memoryRunner.run()).delivered);
    samples.streamText.push(await streamTextMs(deltas));
  }
  await sqliteRunner.close();
  await memoryRunner.close();
  const floor = median(samples.floor);
  const perEvent = (ms: number) => (ms * 1000) / deltas;
  for (const [name, values] of Object.entries(samples)) {
    const ms = median(values);
    rows.push([
      deltas,
      name,
      round(ms, 1),
      round(perEvent(ms), 3),
      name === "floor" || name === "streamText" ? "" : round(perEvent(ms - floor), 3),
    ]);
  }
  const k = `${deltas / 1000}k`;
  summary[`overhead_us_per_event_${k}`] = round(perEvent(median(samples.sqlite) - floor), 3);
  summary[`overhead_us_per_event_memory_${k}`] = round(perEvent(median(samples.memory) - floor), 3);
  summary[`runtime_us_per_event_${k}`] = round(perEvent(median(samples.sqlite)), 3);
  summary[`durable_us_per_event_${k}`] = round(perEvent(median(samples["sqlite, until durable"]) - floor), 3);
  summary[`streamtext_us_per_event_${k}`] = round(perEvent(median(samples.streamText)), 3);
  summary[`ratio_to_streamtext_${k}`] = round(median(samples.sqlite) / median(samples.streamText), 3);
}
printTable(["deltas", "pipeline", "median ms", "µs/event", "our overhead µs/event"], rows);
console.log(JSON.stringify({ bench: "stream", repeats, ...summary, goal_overhead_us: 3, goal_ratio: 0.1 }));
