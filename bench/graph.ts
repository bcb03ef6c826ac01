// `npm run bench -- graph`: the graph runtime against LangGraph.js (@langchain/langgraph) in the same process run.
// Cases, each on both libraries:
//   line     a 3-node line without a checkpointer (µs per invocation; 4 supersteps with the input's);
//   loop     a 1-node loop of 10,000 supersteps on one thread with the in-memory saver (µs per superstep over the
//            first and the last 1,000, so a cost that grows with history shows);
//   sqlite   the same loop on our SQLite saver with async durability (ours only: LangGraph's SQLite saver is a
//            separate package);
//   fanout   100 Sends fanned out from one node and joined by a reducer (µs per invocation).
// Prints a table with ratios, then one JSON line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as langgraph from "@langchain/langgraph";
import * as ours from "../src/graph/index.js";
import { median, printTable, round } from "./_stats.js";

// biome-ignore lint/suspicious/noExplicitAny: both libraries are driven through their shared API.
type Lib = any;
const LOOP = Number(process.argv[2] ?? 10_000);
const concat = (a: unknown[], b: unknown[]) => a.concat(b);

function lineGraph(lib: Lib) {
  const State = lib.Annotation.Root({
    value: lib.Annotation(),
    log: lib.Annotation({ reducer: concat, default: () => [] }),
  });
  return new lib.StateGraph(State)
    .addNode("one", (state: Lib) => ({ value: (state.value ?? 0) + 1 }))
    .addNode("two", (state: Lib) => ({ value: state.value * 2 }))
    .addNode("three", (state: Lib) => ({ log: [state.value] }))
    .addEdge(lib.START, "one")
    .addEdge("one", "two")
    .addEdge("two", "three")
    .compile();
}

async function timeLine(lib: Lib, runs: number): Promise<number> {
  const graph = lineGraph(lib);
  for (let index = 0; index < Math.min(200, runs); index++) await graph.invoke({ value: index });
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let index = 0; index < runs; index++) await graph.invoke({ value: index });
    samples.push(((performance.now() - start) * 1000) / runs);
  }
  return median(samples);
}

async function timeLoop(
  lib: Lib,
  saver: unknown,
  steps: number,
): Promise<{ first: number; last: number; mean: number }> {
  const State = lib.Annotation.Root({ count: lib.Annotation() });
  const stamps: number[] = [];
  const graph = new lib.StateGraph(State)
    .addNode("tick", (state: Lib) => {
      stamps.push(performance.now());
      return { count: state.count + 1 };
    })
    .addEdge(lib.START, "tick")
    .addConditionalEdges("tick", (state: Lib) => (state.count < steps ? "tick" : lib.END))
    .compile({ checkpointer: saver });
  const start = performance.now();
  await graph.invoke({ count: 0 }, { configurable: { thread_id: "loop" }, recursionLimit: steps + 10 });
  const total = performance.now() - start;
  const window = Math.min(1000, Math.floor(steps / 4));
  const per = (from: number, to: number) => ((stamps[to]! - stamps[from]!) * 1000) / (to - from);
  return {
    first: per(0, window),
    last: per(stamps.length - 1 - window, stamps.length - 1),
    mean: (total * 1000) / steps,
  };
}

async function timeFanout(lib: Lib, runs: number): Promise<number> {
  const State = lib.Annotation.Root({
    items: lib.Annotation(),
    results: lib.Annotation({ reducer: concat, default: () => [] }),
    total: lib.Annotation(),
  });
  const graph = new lib.StateGraph(State)
    .addNode("split", () => ({ items: Array.from({ length: 100 }, (_, index) => index) }))
    .addNode("work", (args: Lib) => ({ results: [args.item * 2] }))
    .addNode("join", (state: Lib) => ({ total: state.results.length }))
    .addEdge(lib.START, "split")
    .addConditionalEdges("split", (state: Lib) =>
      state.items.map((item: number) => new lib.Send("work", { item })),
    )
    .addEdge("work", "join")
    .compile();
  for (let index = 0; index < 20; index++) await graph.invoke({});
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let index = 0; index < runs; index++) await graph.invoke({});
    samples.push(((performance.now() - start) * 1000) / runs);
  }
  return median(samples);
}

const dir = mkdtempSync(path.join(tmpdir(), "art-bench-graph-"));
try {
  const line = await timeLine(ours, 5000);
  const lgLine = await timeLine(langgraph, 300);
  const loop = await timeLoop(ours, new ours.MemorySaver(), LOOP);
  const lgLoop = await timeLoop(langgraph, new langgraph.MemorySaver(), LOOP);
  const saver = new ours.SqliteSaver({ path: path.join(dir, "art.db") });
  const sqlite = await timeLoop(ours, saver, LOOP);
  await saver.close();
  const fanout = await timeFanout(ours, 300);
  const lgFanout = await timeFanout(langgraph, 20);
  printTable(
    ["case", "agent-runtime µs", "LangGraph.js µs", "speed-up"],
    [
      ["3-node line, per invocation", round(line, 1), round(lgLine, 1), `${round(lgLine / line, 1)}x`],
      [
        `loop ${LOOP}, per superstep, first 1000`,
        round(loop.first, 2),
        round(lgLoop.first, 2),
        `${round(lgLoop.first / loop.first, 1)}x`,
      ],
      [
        `loop ${LOOP}, per superstep, last 1000`,
        round(loop.last, 2),
        round(lgLoop.last, 2),
        `${round(lgLoop.last / loop.last, 1)}x`,
      ],
      [`loop ${LOOP} on SQLite (async), per superstep`, round(sqlite.mean, 2), "—", "—"],
      [
        "100 Sends + join, per invocation",
        round(fanout, 1),
        round(lgFanout, 1),
        `${round(lgFanout / fanout, 1)}x`,
      ],
    ],
  );
  console.log(
    `loop last/first: ours ${round(loop.last / loop.first, 2)}, LangGraph ${round(lgLoop.last / lgLoop.first, 2)}`,
  );
  console.log(
    JSON.stringify({
      line_us: round(line, 2),
      lg_line_us: round(lgLine, 2),
      loop_first_us: round(loop.first, 2),
      loop_last_us: round(loop.last, 2),
      lg_loop_last_us: round(lgLoop.last, 2),
      sqlite_loop_us: round(sqlite.mean, 2),
      fanout_us: round(fanout, 2),
      lg_fanout_us: round(lgFanout, 2),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
