import {
  type AgentNodeAgent,
  type AgentNodeResult,
  Annotation,
  agentNode,
  END,
  type NodeConfig,
  Send,
  START,
  StateGraph,
} from "../graph/index.js";
import { TeamInputError } from "./errors.js";
import { concurrencyLimit } from "./limit.js";

/** What one item's agent produced. */
export interface MapResult<Item = unknown> extends AgentNodeResult {
  index: number;
  item: Item;
}

/** How {@link mapReduce} fans out over items and combines what came back. */
export interface MapReduceOptions<Item> {
  /** The agent each item runs as: one for all, or one per item. */
  agent: AgentNodeAgent | ((item: Item, index: number) => AgentNodeAgent);
  /** Each item's task. */
  task: (item: Item, index: number) => string;
  /** Each item's workspace (default: the process's cwd). */
  cwd?: string | ((item: Item, index: number) => string);
  /** Item sessions running at once (default 4). */
  concurrency?: number;
  /**
   * Combines the results (in item order; a failed item is there with its status): a function, or an agent given
   * every item's final message in its task. Its value is the state's `output`.
   */
  reduce:
    | ((results: MapResult<Item>[]) => unknown)
    | { agent: AgentNodeAgent; task: (results: MapResult<Item>[]) => string; cwd?: string };
}

const mapResults = <Item>() =>
  Annotation<MapResult<Item>[]>({
    reducer: (current, update) => current.concat(update),
    default: () => [],
  });

/**
 * The map-reduce team: one agent session per item of the input's `items`, at most `concurrency` at once, then a
 * reducer (a function or an agent) over their results. Each item's session is tied to its graph task, so a crash
 * or an interrupt resumes the unfinished items from their journals and never re-runs a finished one (its result is
 * in the checkpoint's saved writes). A failed item does not stop the others; the reducer sees its status.
 *
 * @example
 * ```ts
 * const team = mapReduce<string>({
 *   agent: { model: "openai:gpt-5-mini", artHome },
 *   task: (file) => `Add missing JSDoc to ${file}`,
 *   cwd: "/repo",
 *   reduce: (results) => results.map((r) => `${r.item}: ${r.status}`).join("\n"),
 * }).compile({ checkpointer: new SqliteSaver() });
 * const { output } = await team.invoke({ items: ["a.ts", "b.ts"] }, { configurable: { thread_id: "jsdoc" } });
 * ```
 */
export function mapReduce<Item = unknown>(options: MapReduceOptions<Item>) {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new TeamInputError(
      `mapReduce: concurrency must be a whole number of at least 1; got ${concurrency}.`,
    );
  const State = Annotation.Root({
    items: Annotation<Item[]>(),
    results: mapResults<Item>(),
    output: Annotation<unknown>(),
  });
  const limit = concurrencyLimit(concurrency);
  const nodes = new Map<AgentNodeAgent, ReturnType<typeof itemNode>>();
  const itemNode = (agent: AgentNodeAgent) =>
    agentNode<{ task: string; cwd?: string; index: number; item: Item }>(agent, {
      task: (input) => input.task,
      cwd: (input) => input.cwd ?? process.cwd(),
      failOnError: false,
      output: (result, input) => ({ results: [{ ...result, index: input.index, item: input.item }] }),
    });
  const nodeFor = (agent: AgentNodeAgent) => {
    let node = nodes.get(agent);
    if (!node) {
      node = itemNode(agent);
      nodes.set(agent, node);
    }
    return node;
  };
  const shared = typeof options.agent === "function" ? undefined : options.agent;
  const reduceNode =
    typeof options.reduce === "function"
      ? undefined
      : agentNode<{ task: string }>(options.reduce.agent, {
          task: (input) => input.task,
          ...(options.reduce.cwd ? { cwd: options.reduce.cwd } : {}),
          output: (result) => ({ output: result.finalMessage }),
        });
  return (
    new StateGraph(State)
      // A Send's args arrive in place of the state.
      .addNode("map", async (state: typeof State.State, config: NodeConfig) => {
        const input = state as unknown as { index: number; item: Item };
        const agent =
          shared ?? (options.agent as (item: Item, index: number) => AgentNodeAgent)(input.item, input.index);
        const cwd = typeof options.cwd === "function" ? options.cwd(input.item, input.index) : options.cwd;
        const task = options.task(input.item, input.index);
        return limit(() => nodeFor(agent)({ ...input, task, ...(cwd ? { cwd } : {}) }, config));
      })
      .addNode("reduce", async (state: typeof State.State, config: NodeConfig) => {
        const results = [...state.results].sort((a, b) => a.index - b.index);
        if (typeof options.reduce === "function") return { output: await options.reduce(results) };
        return reduceNode!({ task: options.reduce.task(results) }, config);
      })
      .addConditionalEdges(START, (state: typeof State.State) => {
        if (!Array.isArray(state.items))
          throw new TeamInputError('mapReduce: the input needs "items", an array.');
        if (state.items.length === 0) return "reduce";
        return state.items.map((item, index) => new Send("map", { index, item }));
      })
      .addEdge("map", "reduce")
      .addEdge("reduce", END)
  );
}
