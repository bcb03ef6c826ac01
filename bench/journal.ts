// `npm run bench -- journal [events]`: how fast the journals take events.
// Rows: message.delta events appended one per call (the model-stream path), in bursts of 1000 with a turn of the
// event loop between bursts (as a stream arrives), to the memory journal and to the SQLite journal with each writer;
// durable appends (a flush, i.e. an fsync, after every append); reading a stored session back.
// Appends go through a writer (`journal.acquire`), whose `append` is synchronous, as the runtime streams; the
// "await journal.append each" row is the one-shot async `Journal.append` awaited per event, for comparison.
// Columns: "µs/append" is the time the appending thread spends inside `append` (what the stream pays per event);
// "events/s" is end-to-end throughput, from the first append until a final `flush()` resolves.
// Prints a table, then one JSON object as the last line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AgentEvent } from "../src/core/index.js";
import { type Journal, MemoryJournal, openSqliteJournal } from "../src/store/index.js";

const EVENTS = Number(process.argv[2] ?? 200_000);
const DURABLE_EVENTS = 1_000;
const RUNS = 5;

const dir = mkdtempSync(path.join(tmpdir(), "art-bench-journal-"));
let files = 0;
const newFile = () => path.join(dir, `bench-${++files}.db`);

const startedEvent: AgentEvent = {
  type: "session.started",
  cwd: "/bench",
  settings: {
    model: "scripted:bench",
    sandbox: "workspace-write",
    network: "none",
    approval: "on-request",
    writableRoots: [],
  },
};
// Deltas as models stream them: a few characters each, a distinct object per event.
const deltas: AgentEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
  type: "message.delta",
  turnId: "turn-0",
  delta: ` word${i % 100}`,
}));

interface Sample {
  events: number;
  /** Wall time until everything was flushed. */
  ms: number;
  /** Time spent inside `append` calls. */
  appendMs: number;
}

const BURST = 1_000;
const turnOfEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function appendAll(journal: Journal, count: number): Promise<Sample> {
  const writer = await journal.acquire("bench");
  writer.append([startedEvent]);
  const start = performance.now();
  let appendMs = 0;
  for (let burst = 0; burst < count; burst += BURST) {
    const burstStart = performance.now();
    const end = Math.min(count, burst + BURST);
    for (let i = burst; i < end; i++) writer.append([deltas[i]!]);
    appendMs += performance.now() - burstStart;
    await turnOfEventLoop();
  }
  await writer.flush();
  return { events: count, ms: performance.now() - start, appendMs };
}

/** The one-shot `Journal.append`, awaited per event: what a stream would pay without a writer. */
async function sqliteAwaitEach(): Promise<Sample> {
  const journal = openSqliteJournal({ path: newFile() });
  await journal.append("bench", [startedEvent]);
  const start = performance.now();
  for (let burst = 0; burst < EVENTS; burst += BURST) {
    const end = Math.min(EVENTS, burst + BURST);
    for (let i = burst; i < end; i++) await journal.append("bench", [deltas[i]!]);
    await turnOfEventLoop();
  }
  await journal.flush();
  const ms = performance.now() - start;
  await journal.close();
  // Every append is awaited, so the whole time is the appending code's.
  return { events: EVENTS, ms, appendMs: ms };
}

async function memoryAppend(): Promise<Sample> {
  const journal = new MemoryJournal();
  const sample = await appendAll(journal, EVENTS);
  await journal.close();
  return sample;
}

async function sqliteAppend(writer: "thread" | "inline"): Promise<Sample> {
  const journal = openSqliteJournal({ path: newFile(), writer });
  const sample = await appendAll(journal, EVENTS);
  await journal.close();
  return sample;
}

async function sqliteDurable(): Promise<Sample> {
  const journal = openSqliteJournal({ path: newFile() });
  const writer = await journal.acquire("bench");
  writer.append([startedEvent]);
  await writer.flush();
  const start = performance.now();
  let appendMs = 0;
  for (let i = 0; i < DURABLE_EVENTS; i++) {
    const appendStart = performance.now();
    writer.append([deltas[i]!]);
    appendMs += performance.now() - appendStart;
    await writer.flush();
  }
  const sample = { events: DURABLE_EVENTS, ms: performance.now() - start, appendMs };
  await journal.close();
  return sample;
}

const readFile = newFile();
async function sqliteRead(): Promise<Sample> {
  const journal = openSqliteJournal({ path: readFile });
  if ((await journal.lastSeq("bench")) === 0) await appendAll(journal, EVENTS);
  const start = performance.now();
  let events = 0;
  for await (const _ of journal.read("bench", 2)) events++;
  const sample = { events, ms: performance.now() - start, appendMs: 0 };
  await journal.close();
  return sample;
}

/**
 * The best of `RUNS` runs, after one warm-up: the machine's background load only ever adds time, so the minimum is
 * the closest to the code's own cost (each field's minimum is taken on its own).
 */
async function measure(run: () => Promise<Sample>): Promise<Sample> {
  await run();
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await run());
  return {
    events: samples[0]!.events,
    ms: Math.min(...samples.map((sample) => sample.ms)),
    appendMs: Math.min(...samples.map((sample) => sample.appendMs)),
  };
}

try {
  const rows: [string, Sample][] = [
    ["memory: append message.delta", await measure(memoryAppend)],
    ["sqlite, writer thread: append message.delta", await measure(() => sqliteAppend("thread"))],
    ["sqlite, inline writer: append message.delta", await measure(() => sqliteAppend("inline"))],
    ["sqlite: await journal.append each", await measure(sqliteAwaitEach)],
    ["sqlite: append + flush (fsync) each", await measure(sqliteDurable)],
    ["sqlite: read back (zod-validated)", await measure(sqliteRead)],
  ];
  const perSecond = (sample: Sample) => Math.round((sample.events / sample.ms) * 1000);
  const perAppend = (sample: Sample) => Number(((sample.appendMs * 1000) / sample.events).toFixed(3));
  console.log(`journal benchmark: ${EVENTS} events per run, best of ${RUNS} (node ${process.version})`);
  console.log("");
  console.log(
    `${"case".padEnd(46)} ${"events".padStart(8)} ${"events/s".padStart(12)} ${"µs/append".padStart(10)}`,
  );
  for (const [name, sample] of rows) {
    const append = sample.appendMs > 0 ? perAppend(sample).toFixed(3) : "-";
    console.log(
      `${name.padEnd(46)} ${String(sample.events).padStart(8)} ${String(perSecond(sample)).padStart(12)} ${append.padStart(10)}`,
    );
  }
  console.log("");
  const [memory, thread, inline, awaited, durable, read] = rows.map(([, sample]) => sample) as Sample[] as [
    Sample,
    Sample,
    Sample,
    Sample,
    Sample,
    Sample,
  ];
  console.log(
    JSON.stringify({
      bench: "journal",
      events: EVENTS,
      memory_events_per_s: perSecond(memory),
      memory_us_per_append: perAppend(memory),
      sqlite_events_per_s: perSecond(thread),
      sqlite_us_per_append: perAppend(thread),
      sqlite_inline_events_per_s: perSecond(inline),
      sqlite_inline_us_per_append: perAppend(inline),
      sqlite_await_each_us_per_append: perAppend(awaited),
      sqlite_durable_per_s: perSecond(durable),
      sqlite_read_events_per_s: perSecond(read),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
