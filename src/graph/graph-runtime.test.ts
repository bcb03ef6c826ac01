import { rmSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import { Annotation, Command, END, interrupt, MemorySaver, SqliteSaver, START, StateGraph } from "./index.js";

const Counter = Annotation.Root({
  count: Annotation<number>(),
  log: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

// A real collection before each reading, so the comparison sees retained memory, not garbage.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe("graph runtime", () => {
  it("keeps threads apart under heavy interleaving on one saver", async () => {
    const graph = new StateGraph(Counter)
      .addNode("step", async (state) => {
        await new Promise((resolve) => setImmediate(resolve));
        return { count: state.count + 1, log: [`${state.count}`] };
      })
      .addEdge(START, "step")
      .addConditionalEdges("step", (state) => (state.count < 5 ? "step" : END))
      .compile({ checkpointer: new MemorySaver() });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        graph.invoke({ count: index % 3 }, { configurable: { thread_id: `t${index}` } }),
      ),
    );
    results.forEach((result, index) => {
      const start = index % 3;
      expect(result.count).toBe(5);
      expect(result.log).toEqual(Array.from({ length: 5 - start }, (_, offset) => `${start + offset}`));
    });
  });

  it("does not grow the heap across 10,000 invocations (no checkpointer, and on the SQLite saver)", async () => {
    const plain = new StateGraph(Counter)
      .addNode("inc", (state) => ({ count: (state.count ?? 0) + 1 }))
      .addEdge(START, "inc")
      .compile();
    for (let index = 0; index < 1000; index++) await plain.invoke({ count: index });
    const before = heapAfterGc();
    for (let index = 0; index < 10_000; index++) await plain.invoke({ count: index });
    expect(heapAfterGc() - before).toBeLessThan(8 * 1024 * 1024);

    const dir = tempDir("art-graph-heap-");
    const saver = new SqliteSaver({ path: path.join(dir, "art.db") });
    const saved = new StateGraph(Counter)
      .addNode("inc", (state) => ({ count: (state.count ?? 0) + 1 }))
      .addEdge(START, "inc")
      .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "one" } };
    for (let index = 0; index < 1000; index++) await saved.invoke({ count: index }, config);
    const beforeSaved = heapAfterGc();
    for (let index = 0; index < 10_000; index++) await saved.invoke({ count: index }, config);
    expect(heapAfterGc() - beforeSaved).toBeLessThan(8 * 1024 * 1024);
    expect((await saved.getState(config)).values.count).toBe(10_000);
    await saver.close();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("durability exit saves nothing until the run ends; sync and async keep every superstep", async () => {
    const dir = tempDir("art-graph-durability-");
    for (const durability of ["sync", "async", "exit"] as const) {
      const saver = new SqliteSaver({ path: path.join(dir, `${durability}.db`) });
      let seenDuringRun = -1;
      const graph = new StateGraph(Counter)
        .addNode("a", () => ({ log: ["a"] }))
        .addNode("b", async () => {
          let count = 0;
          for await (const _ of saver.list({ threadId: "d", namespace: "" })) count++;
          seenDuringRun = count;
          return { log: ["b"] };
        })
        .addEdge(START, "a")
        .addEdge("a", "b")
        .compile({ checkpointer: saver });
      await graph.invoke({ log: [] }, { configurable: { thread_id: "d" }, durability });
      let total = 0;
      for await (const _ of saver.list({ threadId: "d", namespace: "" })) total++;
      expect({ durability, seenDuringRun: seenDuringRun > 0, total: total > 0 }).toEqual({
        durability,
        seenDuringRun: durability !== "exit",
        total: true,
      });
      await saver.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("SQLite checkpoints survive a reopen and resume an interrupt", async () => {
    const dir = tempDir("art-graph-reopen-");
    const file = path.join(dir, "art.db");
    const build = (saver: SqliteSaver) =>
      new StateGraph(Counter)
        .addNode("ask", () => ({ log: [`answer ${interrupt<string, string>("q")}`] }))
        .addEdge(START, "ask")
        .compile({ checkpointer: saver });
    const first = new SqliteSaver({ path: file });
    const paused = await build(first).invoke({ log: [] }, { configurable: { thread_id: "r" } });
    expect(paused.__interrupt__).toHaveLength(1);
    await first.close();
    const second = new SqliteSaver({ path: file });
    expect(
      await build(second).invoke(new Command({ resume: "yes" }), { configurable: { thread_id: "r" } }),
    ).toEqual({ log: ["answer yes"] });
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a thread id-less run on a checkpointed graph with a clear error", async () => {
    const graph = new StateGraph(Counter)
      .addNode("a", () => ({}))
      .addEdge(START, "a")
      .compile({ checkpointer: new MemorySaver() });
    await expect(graph.invoke({ count: 1 })).rejects.toMatchObject({ code: "graph.invalid_graph" });
  });

  it("draws a Mermaid flowchart with conditional edges", () => {
    const graph = new StateGraph(Counter)
      .addNode("plan", () => ({}))
      .addNode("act", () => ({}))
      .addEdge(START, "plan")
      .addConditionalEdges("plan", (state) => (state.count > 1 ? "done" : "more"), { more: "act", done: END })
      .addEdge("act", "plan")
      .compile();
    expect(graph.getGraph().drawMermaid()).toBe(
      [
        "%%{init: {'flowchart': {'curve': 'linear'}}}%%",
        "graph TD;",
        "\t__start__([<p>__start__</p>]):::first",
        "\tplan(plan)",
        "\tact(act)",
        "\t__end__([<p>__end__</p>]):::last",
        "\t__start__ --> plan;",
        "\tact --> plan;",
        "\tplan -. &nbsp;more&nbsp; .-> act;",
        "\tplan -. &nbsp;done&nbsp; .-> __end__;",
        "\tclassDef default fill:#f2f0ff,line-height:1.2;",
        "\tclassDef first fill-opacity:0;",
        "\tclassDef last fill:#bfb6fc;",
        "",
      ].join("\n"),
    );
  });
});
