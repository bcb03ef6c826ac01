/**
 * Differential scenarios: each runs against a graph library (LangGraph or ours) given as `lib` and returns a
 * JSON-able record of everything observable — stream chunks, results, state snapshots, history, errors. The suite
 * runs each against both and compares the records whole (after `normalise` replaces generated ids).
 */
// biome-ignore lint/suspicious/noExplicitAny: the two libraries' types differ; scenarios use their shared API.
export type Lib = any;

/** One scenario. */
export interface Scenario {
  name: string;
  run(lib: Lib): Promise<unknown>;
}

const concat = (a: unknown[], b: unknown) => a.concat(b);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function logState(lib: Lib) {
  return lib.Annotation.Root({
    log: lib.Annotation({ reducer: concat, default: () => [] }),
    x: lib.Annotation(),
  });
}

async function collect(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const chunks: unknown[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

async function caught(action: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    return { ok: await action() };
  } catch (error) {
    // Our builder errors are typed (GraphValueError) where LangGraph throws a plain Error: a documented difference.
    const name = (error as Error).name;
    return { error: name === "GraphValueError" ? "Error" : name };
  }
}

async function history(graph: Lib, config: unknown) {
  const entries: unknown[] = [];
  for await (const snapshot of graph.getStateHistory(config))
    entries.push({
      values: snapshot.values,
      next: snapshot.next,
      step: snapshot.metadata?.step,
      source: snapshot.metadata?.source,
      hasParent: Boolean(snapshot.parentConfig),
      interrupts: snapshot.tasks.map((task: { interrupts: unknown[] }) => task.interrupts),
    });
  return entries;
}

function snapshot(state: Lib) {
  return {
    values: state.values,
    next: state.next,
    step: state.metadata?.step,
    source: state.metadata?.source,
    tasks: state.tasks.map((task: Lib) => ({
      name: task.name,
      path: task.path,
      interrupts: task.interrupts,
    })),
  };
}

export const scenarios: Scenario[] = [
  {
    name: "a line of three nodes: invoke and every stream mode",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("one", () => ({ log: ["one"] }))
        .addNode("two", (state: Lib) => ({ log: [`two saw ${state.log.length}`], x: 2 }))
        .addNode("three", () => ({ log: ["three"] }))
        .addEdge(lib.START, "one")
        .addEdge("one", "two")
        .addEdge("two", "three")
        .addEdge("three", lib.END)
        .compile();
      return {
        invoke: await graph.invoke({ log: ["in"] }),
        values: await collect(await graph.stream({ log: ["in"] }, { streamMode: "values" })),
        updates: await collect(await graph.stream({ log: ["in"] }, { streamMode: "updates" })),
        defaultMode: await collect(await graph.stream({ log: ["in"] })),
        several: await collect(await graph.stream({ log: ["in"] }, { streamMode: ["updates", "values"] })),
        oneInArray: await collect(await graph.stream({ log: ["in"] }, { streamMode: ["values"] })),
      };
    },
  },
  {
    name: "parallel branches reach the reducer in name order and join",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("zeta", async () => {
          await sleep(5);
          return { log: ["zeta"] };
        })
        .addNode("alpha", async () => ({ log: ["alpha"] }))
        .addNode("mid", async () => ({ log: ["mid"] }))
        .addNode("join", (state: Lib) => ({ log: [`join:${state.log.join(",")}`] }))
        .addEdge(lib.START, "zeta")
        .addEdge(lib.START, "mid")
        .addEdge(lib.START, "alpha")
        .addEdge(["zeta", "alpha", "mid"], "join")
        .compile();
      return {
        invoke: await graph.invoke({ log: [] }),
        values: await collect(await graph.stream({ log: [] }, { streamMode: "values" })),
      };
    },
  },
  {
    name: "a join waits for branches of different lengths",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", () => ({ log: ["a"] }))
        .addNode("b1", () => ({ log: ["b1"] }))
        .addNode("b2", () => ({ log: ["b2"] }))
        .addNode("c", (state: Lib) => ({ log: [`c:${state.log.length}`] }))
        .addEdge(lib.START, "a")
        .addEdge(lib.START, "b1")
        .addEdge("b1", "b2")
        .addEdge(["a", "b2"], "c")
        .compile();
      return { values: await collect(await graph.stream({ log: [] }, { streamMode: "values" })) };
    },
  },
  {
    name: "conditional edges with a path map, a list and END",
    async run(lib) {
      const build = (pathMap: unknown) =>
        new lib.StateGraph(logState(lib))
          .addNode("decide", (state: Lib) => ({ x: state.log.length }))
          .addNode("small", () => ({ log: ["small"] }))
          .addNode("big", () => ({ log: ["big"] }))
          .addEdge(lib.START, "decide")
          .addConditionalEdges(
            "decide",
            (state: Lib) => (state.x > 1 ? "many" : state.x === 1 ? "one" : "none"),
            pathMap,
          )
          .compile();
      const mapped = build({ many: "big", one: "small", none: lib.END });
      const listed = new lib.StateGraph(logState(lib))
        .addNode("decide", (state: Lib) => ({ x: state.log.length }))
        .addNode("small", () => ({ log: ["small"] }))
        .addNode("big", () => ({ log: ["big"] }))
        .addEdge(lib.START, "decide")
        .addConditionalEdges("decide", (state: Lib) => (state.x > 1 ? "big" : "small"), ["small", "big"])
        .compile();
      return {
        none: await mapped.invoke({ log: [] }),
        one: await mapped.invoke({ log: ["a"] }),
        many: await mapped.invoke({ log: ["a", "b"] }),
        listed: await listed.invoke({ log: ["a", "b"] }),
      };
    },
  },
  {
    name: "a path function sees its own node's update and may fan out to several nodes",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", async () => {
          await sleep(5);
          return { log: ["a"] };
        })
        .addNode("b", () => ({ log: ["b"] }))
        .addNode("c", async () => {
          await sleep(5);
          return { log: ["c"] };
        })
        .addNode("d", () => ({ log: ["d"] }))
        .addEdge(lib.START, "a")
        .addEdge(lib.START, "d")
        .addConditionalEdges("a", (state: Lib) =>
          state.log.includes("a") && !state.log.includes("d") ? ["c", "b"] : lib.END,
        )
        .compile();
      return {
        values: await collect(await graph.stream({ log: [] }, { streamMode: ["values", "updates"] })),
      };
    },
  },
  {
    name: "Send fans out with per-task arguments; results join through the reducer",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("plan", () => ({ x: 3 }))
        .addNode("work", (args: Lib) => ({ log: [`work ${args.item}`] }))
        .addNode("sum", (state: Lib) => ({ log: [`sum ${state.log.length}`] }))
        .addEdge(lib.START, "plan")
        .addConditionalEdges("plan", (state: Lib) =>
          Array.from({ length: state.x }, (_, index) => new lib.Send("work", { item: state.x - index })),
        )
        .addEdge("work", "sum")
        .compile();
      return {
        invoke: await graph.invoke({ log: [] }),
        updates: await collect(await graph.stream({ log: [] }, { streamMode: "updates" })),
      };
    },
  },
  {
    name: "Command routes with goto and updates; static edges still fire",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode(
          "route",
          (state: Lib) =>
            new lib.Command({
              update: { log: ["route"], x: 1 },
              goto: state.log.length ? "left" : ["right", "left"],
            }),
          {
            ends: ["left", "right"],
          },
        )
        .addNode("left", () => ({ log: ["left"] }))
        .addNode("right", () => ({ log: ["right"] }))
        .addNode("after", () => ({ log: ["after"] }))
        .addEdge(lib.START, "route")
        .addEdge("route", "after")
        .compile();
      return {
        empty: await graph.invoke({ log: [] }),
        full: await graph.invoke({ log: ["x"] }),
        updates: await collect(await graph.stream({ log: [] }, { streamMode: "updates" })),
      };
    },
  },
  {
    name: "Command with Send in goto",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode(
          "route",
          () => new lib.Command({ goto: [new lib.Send("work", { n: 1 }), new lib.Send("work", { n: 2 })] }),
          { ends: ["work"] },
        )
        .addNode("work", (args: Lib) => ({ log: [`n${args.n}`] }))
        .addEdge(lib.START, "route")
        .compile();
      return await graph.invoke({ log: [] });
    },
  },
  {
    name: "interrupt pauses, invoke returns __interrupt__, Command resume reruns the node",
    async run(lib) {
      let runs = 0;
      const graph = new lib.StateGraph(logState(lib))
        .addNode("before", () => ({ log: ["before"] }))
        .addNode("ask", () => {
          runs++;
          const answer = lib.interrupt({ question: "proceed?" });
          return { log: [`answer ${answer}`] };
        })
        .addNode("after", () => ({ log: ["after"] }))
        .addEdge(lib.START, "before")
        .addEdge("before", "ask")
        .addEdge("ask", "after")
        .compile({ checkpointer: new lib.MemorySaver() });
      const config = { configurable: { thread_id: "t1" } };
      const first = await graph.invoke({ log: [] }, config);
      const paused = snapshot(await graph.getState(config));
      const resumed = await collect(
        await graph.stream(new lib.Command({ resume: "yes" }), {
          ...config,
          streamMode: ["values", "updates"],
        }),
      );
      return {
        first,
        paused,
        resumed,
        runs,
        done: snapshot(await graph.getState(config)),
        history: await history(graph, config),
      };
    },
  },
  {
    name: "two interrupts in one node are answered in order",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("ask", () => {
          const first = lib.interrupt("first?");
          const second = lib.interrupt("second?");
          return { log: [first, second] };
        })
        .addEdge(lib.START, "ask")
        .compile({ checkpointer: new lib.MemorySaver() });
      const config = { configurable: { thread_id: "t" } };
      const one = await graph.invoke({ log: [] }, config);
      const two = await graph.invoke(new lib.Command({ resume: "A" }), config);
      const three = await graph.invoke(new lib.Command({ resume: "B" }), config);
      return { one, two, three };
    },
  },
  {
    name: "resume by interrupt id answers parallel interrupts separately",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("p", () => ({ log: [`p:${lib.interrupt("p?")}`] }))
        .addNode("q", () => ({ log: [`q:${lib.interrupt("q?")}`] }))
        .addEdge(lib.START, "p")
        .addEdge(lib.START, "q")
        .compile({ checkpointer: new lib.MemorySaver() });
      const config = { configurable: { thread_id: "t" } };
      const first = await graph.invoke({ log: [] }, config);
      const ids = Object.fromEntries(
        first.__interrupt__.map((item: Lib) => [item.id, `answer to ${item.value}`]),
      );
      const second = await graph.invoke(new lib.Command({ resume: ids }), config);
      return { first: first.__interrupt__.map((item: Lib) => item.value).sort(), second };
    },
  },
  {
    name: "interruptBefore and interruptAfter pause and continue with null",
    async run(lib) {
      const build = (options: unknown) =>
        new lib.StateGraph(logState(lib))
          .addNode("a", () => ({ log: ["a"] }))
          .addNode("b", () => ({ log: ["b"] }))
          .addNode("c", () => ({ log: ["c"] }))
          .addEdge(lib.START, "a")
          .addEdge("a", "b")
          .addEdge("b", "c")
          .compile({ checkpointer: new lib.MemorySaver(), ...(options as object) });
      const config = { configurable: { thread_id: "t" } };
      const before = build({ interruptBefore: ["b"] });
      const after = build({ interruptAfter: ["b"] });
      return {
        before: [
          await before.invoke({ log: [] }, config),
          snapshot(await before.getState(config)),
          await before.invoke(null, config),
        ],
        after: [
          await collect(await after.stream({ log: [] }, { ...config, streamMode: ["values", "updates"] })),
          (await after.getState(config)).next,
          await after.invoke(null, config),
        ],
      };
    },
  },
  {
    name: "history: order, steps, sources and next",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", () => ({ log: ["a"] }))
        .addNode("b", () => ({ log: ["b"] }))
        .addEdge(lib.START, "a")
        .addEdge("a", "b")
        .compile({ checkpointer: new lib.MemorySaver() });
      const config = { configurable: { thread_id: "h" } };
      await graph.invoke({ log: ["one"] }, config);
      await graph.invoke({ log: ["two"] }, config);
      return { history: await history(graph, config), state: snapshot(await graph.getState(config)) };
    },
  },
  {
    name: "updateState as a node, then continue",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", () => ({ log: ["a"] }))
        .addNode("b", (state: Lib) => ({ log: [`b saw ${state.x}`] }))
        .addEdge(lib.START, "a")
        .addEdge("a", "b")
        .compile({ checkpointer: new lib.MemorySaver(), interruptBefore: ["b"] });
      const config = { configurable: { thread_id: "u" } };
      await graph.invoke({ log: [] }, config);
      await graph.updateState(config, { log: ["edited"], x: 42 }, "a");
      const edited = snapshot(await graph.getState(config));
      const done = await graph.invoke(null, config);
      return { edited, done, history: await history(graph, config) };
    },
  },
  {
    name: "time travel: continue from an earlier checkpoint forks the thread",
    async run(lib) {
      let counter = 0;
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", () => ({ log: [`a${++counter}`] }))
        .addNode("b", () => ({ log: [`b${++counter}`] }))
        .addEdge(lib.START, "a")
        .addEdge("a", "b")
        .compile({ checkpointer: new lib.MemorySaver() });
      const config = { configurable: { thread_id: "tt" } };
      await graph.invoke({ log: [] }, config);
      const past: Lib[] = [];
      for await (const state of graph.getStateHistory(config)) past.push(state);
      const afterA = past.find((state) => state.next.length === 1 && state.next[0] === "b");
      const replay = await graph.invoke(null, afterA.config);
      return { replay, latest: snapshot(await graph.getState(config)), count: past.length };
    },
  },
  {
    name: "recursion limit raises GraphRecursionError",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("loop", () => ({ log: ["l"] }))
        .addEdge(lib.START, "loop")
        .addConditionalEdges("loop", (state: Lib) => (state.log.length < 100 ? "loop" : lib.END))
        .compile();
      const results: unknown[] = [];
      for (const limit of [3, 4, 5, 25])
        results.push(await caught(() => graph.invoke({ log: [] }, { recursionLimit: limit })));
      const exact = new lib.StateGraph(logState(lib))
        .addNode("loop", () => ({ log: ["l"] }))
        .addEdge(lib.START, "loop")
        .addConditionalEdges("loop", (state: Lib) => (state.log.length < 4 ? "loop" : lib.END))
        .compile();
      for (const limit of [3, 4, 5])
        results.push(
          await caught(async () => (await exact.invoke({ log: [] }, { recursionLimit: limit })).log.length),
        );
      results.push(await caught(() => graph.invoke({ log: [] })));
      return results;
    },
  },
  {
    name: "two parallel writes to a last-value key fail; invalid returns fail",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", () => ({ x: 1 }))
        .addNode("b", () => ({ x: 2 }))
        .addEdge(lib.START, "a")
        .addEdge(lib.START, "b")
        .compile();
      const bad = new lib.StateGraph(logState(lib))
        .addNode("a", () => 42)
        .addEdge(lib.START, "a")
        .compile();
      const unknownKey = new lib.StateGraph(logState(lib))
        .addNode("a", () => ({ nope: 1, log: ["a"] }))
        .addEdge(lib.START, "a")
        .compile();
      return {
        parallel: await caught(() => graph.invoke({ log: [] })),
        number: await caught(() => bad.invoke({ log: [] })),
        unknownKey: await caught(() => unknownKey.invoke({ log: [] })),
      };
    },
  },
  {
    name: "graph validation errors",
    async run(lib) {
      const State = logState(lib);
      return {
        noEntry: await caught(() => new lib.StateGraph(State).addNode("a", () => ({})).compile()),
        unknownTarget: await caught(() =>
          new lib.StateGraph(State)
            .addNode("a", () => ({}))
            .addEdge(lib.START, "a")
            .addEdge("a", "zz")
            .compile(),
        ),
        duplicate: await caught(() =>
          new lib.StateGraph(State).addNode("a", () => ({})).addNode("a", () => ({})),
        ),
        reserved: await caught(() => new lib.StateGraph(State).addNode(lib.END, () => ({}))),
        emptyInput: await caught(() =>
          new lib.StateGraph(State)
            .addNode("a", () => ({}))
            .addEdge(lib.START, "a")
            .compile({ checkpointer: new lib.MemorySaver() })
            .invoke(null, { configurable: { thread_id: "none" } }),
        ),
      };
    },
  },
  {
    name: "a compiled subgraph runs as a node sharing state keys",
    async run(lib) {
      const inner = new lib.StateGraph(logState(lib))
        .addNode("i1", () => ({ log: ["i1"] }))
        .addNode("i2", (state: Lib) => ({ log: [`i2 saw ${state.log.length}`] }))
        .addEdge(lib.START, "i1")
        .addEdge("i1", "i2")
        .compile();
      const Outer = lib.Annotation.Root({
        log: lib.Annotation({ reducer: concat, default: () => [] }),
        other: lib.Annotation(),
      });
      const graph = new lib.StateGraph(Outer)
        .addNode("before", () => ({ log: ["before"], other: "o" }))
        .addNode("sub", inner)
        .addNode("after", (state: Lib) => ({ log: [`after ${state.log.length}`] }))
        .addEdge(lib.START, "before")
        .addEdge("before", "sub")
        .addEdge("sub", "after")
        .compile();
      return {
        invoke: await graph.invoke({ log: [] }),
        updates: await collect(await graph.stream({ log: [] }, { streamMode: "updates" })),
      };
    },
  },
  {
    name: "an interrupt inside a subgraph resumes inside the subgraph",
    async run(lib) {
      const ran: string[] = [];
      const inner = new lib.StateGraph(logState(lib))
        .addNode("i1", () => {
          ran.push("i1");
          return { log: ["i1"] };
        })
        .addNode("i2", () => {
          ran.push("i2");
          return { log: [`i2:${lib.interrupt("inner?")}`] };
        })
        .addEdge(lib.START, "i1")
        .addEdge("i1", "i2")
        .compile();
      const graph = new lib.StateGraph(logState(lib))
        .addNode("before", () => {
          ran.push("before");
          return { log: ["before"] };
        })
        .addNode("sub", inner)
        .addEdge(lib.START, "before")
        .addEdge("before", "sub")
        .compile({ checkpointer: new lib.MemorySaver() });
      const config = { configurable: { thread_id: "s" } };
      const paused = await graph.invoke({ log: [] }, config);
      const state = snapshot(await graph.getState(config));
      const done = await graph.invoke(new lib.Command({ resume: "ok" }), config);
      return {
        paused: { ...paused, __interrupt__: paused.__interrupt__.map((item: Lib) => item.value) },
        state: {
          ...state,
          tasks: state.tasks.map((task: Lib) => ({
            ...task,
            interrupts: task.interrupts.map((item: Lib) => item.value),
          })),
        },
        done,
        ran,
      };
    },
  },
  {
    name: "a zod object as the state schema",
    async run(lib) {
      const { z } = await import("zod");
      const graph = new lib.StateGraph(z.object({ count: z.number(), label: z.string().optional() }))
        .addNode("inc", (state: Lib) => ({ count: state.count + 1 }))
        .addNode("name", (state: Lib) => ({ label: `n${state.count}` }))
        .addEdge(lib.START, "inc")
        .addEdge("inc", "name")
        .compile();
      return {
        invoke: await graph.invoke({ count: 1 }),
        values: await collect(await graph.stream({ count: 5 }, { streamMode: "values" })),
      };
    },
  },
  {
    name: "retryPolicy retries a failing node; a node that keeps failing fails the run",
    async run(lib) {
      let attempts = 0;
      const flaky = new lib.StateGraph(logState(lib))
        .addNode(
          "flaky",
          () => {
            attempts++;
            if (attempts < 3) throw new Error("transient");
            return { log: [`ok after ${attempts}`] };
          },
          { retryPolicy: { maxAttempts: 3, initialInterval: 1, jitter: false } },
        )
        .addEdge(lib.START, "flaky")
        .compile();
      const ok = await flaky.invoke({ log: [] });
      let always = 0;
      const broken = new lib.StateGraph(logState(lib))
        .addNode(
          "broken",
          () => {
            always++;
            throw new Error("permanent");
          },
          { retryPolicy: { maxAttempts: 2, initialInterval: 1, jitter: false } },
        )
        .addEdge(lib.START, "broken")
        .compile();
      const failed = await caught(() => broken.invoke({ log: [] }));
      return { ok, attempts, failed, always };
    },
  },
  {
    name: "custom stream mode through config.writer",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", (_state: Lib, config: Lib) => {
          config.writer({ progress: 1 });
          config.writer("two");
          return { log: ["a"] };
        })
        .addEdge(lib.START, "a")
        .compile();
      return {
        custom: await collect(await graph.stream({ log: [] }, { streamMode: ["custom", "updates"] })),
      };
    },
  },
  {
    name: "a failing node keeps the finished nodes' writes: resume runs only the failed one",
    async run(lib) {
      const runs: string[] = [];
      let fail = true;
      const graph = new lib.StateGraph(logState(lib))
        .addNode("good", () => {
          runs.push("good");
          return { log: ["good"] };
        })
        .addNode("bad", async () => {
          await sleep(5);
          runs.push("bad");
          if (fail) throw new Error("boom");
          return { log: ["bad"] };
        })
        .addNode("end", () => ({ log: ["end"] }))
        .addEdge(lib.START, "good")
        .addEdge(lib.START, "bad")
        .addEdge(["good", "bad"], "end")
        .compile({ checkpointer: new lib.MemorySaver() });
      const config = { configurable: { thread_id: "f" } };
      const first = await caught(() => graph.invoke({ log: [] }, config));
      const state = await graph.getState(config);
      fail = false;
      const second = await graph.invoke(null, config);
      return {
        first,
        next: state.next,
        values: state.values,
        errors: state.tasks.map((task: Lib) => Boolean(task.error)),
        second,
        runs,
      };
    },
  },
  {
    name: "threads are isolated on one saver",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", async (state: Lib) => {
          await sleep(1);
          return { log: [`seen ${state.log.length}`] };
        })
        .addEdge(lib.START, "a")
        .compile({ checkpointer: new lib.MemorySaver() });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          graph.invoke({ log: [`t${index}`] }, { configurable: { thread_id: `thread-${index}` } }),
        ),
      );
      const again = await graph.invoke({ log: ["more"] }, { configurable: { thread_id: "thread-3" } });
      return { results, again };
    },
  },
  {
    name: "addSequence and a node that returns nothing",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addSequence([
          ["s1", () => ({ log: ["s1"] })],
          ["s2", () => undefined],
          ["s3", (state: Lib) => ({ log: [`s3 ${state.log.length}`] })],
        ])
        .addEdge(lib.START, "s1")
        .compile();
      return {
        values: await collect(await graph.stream({ log: [] }, { streamMode: ["values", "updates"] })),
      };
    },
  },
  {
    name: "debug stream mode",
    async run(lib) {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", () => ({ log: ["a"] }))
        .addNode("b", () => ({ log: ["b"] }))
        .addEdge(lib.START, "a")
        .addEdge("a", "b")
        .compile();
      const saved = new lib.StateGraph(logState(lib))
        .addNode("a", () => ({ log: ["a"] }))
        .addEdge(lib.START, "a")
        .compile({ checkpointer: new lib.MemorySaver() });
      const shape = (event: Lib) => ({
        type: event.type,
        step: event.step,
        name: event.payload.name,
        input: event.payload.input,
        result: event.payload.result,
        values: event.payload.values,
        next: event.payload.next,
        keys: Object.keys(event.payload).sort(),
      });
      return {
        plain: (await collect(await graph.stream({ log: ["in"] }, { streamMode: "debug" }))).map(shape),
        saved: (
          await collect(
            await saved.stream({ log: ["in"] }, { streamMode: "debug", configurable: { thread_id: "d" } }),
          )
        ).map(shape),
      };
    },
  },
];
