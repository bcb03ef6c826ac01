import type { StateDefinition, StateType, UpdateType } from "./annotation.js";
import type { CheckpointSaver } from "./checkpoint/index.js";
import { CompiledStateGraph } from "./compiled-graph.js";
import { END, START } from "./constants.js";
import { GraphValueError, UnreachableNodeError } from "./errors/index.js";
import type { Loose } from "./loose.js";
import type {
  BranchSpec,
  CompiledNode,
  GraphSpec,
  JoinSpec,
  NodeFunction,
  RetryPolicy,
} from "./pregel/graph-spec.js";
import { readStateSchema, type StateSchema } from "./state-schema.js";

/** Options of `addNode`. */
export interface AddNodeOptions {
  retryPolicy?: RetryPolicy;
  /** Where the node may route with `Command({ goto })` (drawing and reachability). */
  ends?: string[];
  /** Accepted for compatibility with LangGraph; the node reads the whole state. */
  input?: unknown;
  metadata?: Record<string, unknown>;
}

/** Options of `compile`. */
export interface CompileOptions {
  /** Saves a checkpoint after every superstep (`MemorySaver`, `SqliteSaver`); `false`: never, even as a subgraph. */
  checkpointer?: CheckpointSaver | false;
  interruptBefore?: string[] | "*";
  interruptAfter?: string[] | "*";
  name?: string;
}

interface NodeEntry {
  run: NodeFunction | CompiledStateGraph<Loose, Loose>;
  options: AddNodeOptions;
}

const RESERVED = new Set([START, END]);

/**
 * A graph of nodes over a shared state, built the way LangGraph's `StateGraph` is and compiled into a runnable
 * graph. A graph written against `@langchain/langgraph` runs unchanged when its import points here.
 *
 * ```ts
 * const graph = new StateGraph(State)
 *   .addNode("plan", plan)
 *   .addNode("act", act)
 *   .addEdge(START, "plan")
 *   .addConditionalEdges("plan", (state) => (state.done ? END : "act"))
 *   .addEdge("act", "plan")
 *   .compile({ checkpointer: new MemorySaver() });
 * await graph.invoke({ question: "…" }, { configurable: { thread_id: "1" } });
 * ```
 */
export class StateGraph<
  Definition extends StateDefinition = StateDefinition,
  State = StateType<Definition>,
  Update = UpdateType<Definition>,
> {
  private readonly channels;
  private readonly nodes = new Map<string, NodeEntry>();
  private readonly edges: [string, string][] = [];
  private readonly joins: { sources: string[]; target: string }[] = [];
  private readonly branches = new Map<string, BranchSpec[]>();

  constructor(schema: StateSchema | { spec: Definition }) {
    this.channels = readStateSchema(schema as StateSchema);
  }

  /** Adds a node: a function of the state (and config), or a compiled graph run as a subgraph. */
  addNode(
    name: string,
    run:
      | ((state: State, config: Loose) => Update | Promise<Update> | unknown)
      | CompiledStateGraph<Loose, Loose>,
    options?: AddNodeOptions,
  ): this;
  addNode(nodes: Record<string, NodeFunction | CompiledStateGraph<Loose, Loose>>): this;
  addNode(
    nameOrNodes: string | Record<string, NodeFunction | CompiledStateGraph<Loose, Loose>>,
    run?: NodeFunction | CompiledStateGraph<Loose, Loose>,
    options: AddNodeOptions = {},
  ): this {
    if (typeof nameOrNodes === "object") {
      for (const [name, fn] of Object.entries(nameOrNodes)) this.addNode(name, fn);
      return this;
    }
    const name = nameOrNodes;
    if (RESERVED.has(name)) throw new GraphValueError(`Node \`${name}\` is reserved.`);
    if (this.nodes.has(name)) throw new GraphValueError(`Node \`${name}\` already present.`);
    if (name in this.channels) throw new GraphValueError(`'${name}' is already being used as a state key.`);
    if (typeof run !== "function" && !(run instanceof CompiledStateGraph))
      throw new GraphValueError(`Node \`${name}\` must be a function or a compiled graph.`);
    this.nodes.set(name, { run, options });
    return this;
  }

  /** Runs `to` after `from`; with an array of sources, once all of them have run (a join). */
  addEdge(from: string | string[], to: string): this {
    if (Array.isArray(from)) {
      if (from.length === 1) return this.addEdge(from[0]!, to);
      if (from.includes(END)) throw new GraphValueError("END cannot be a start node.");
      this.joins.push({ sources: [...from], target: to });
      return this;
    }
    if (from === END) throw new GraphValueError("END cannot be a start node.");
    if (to === START) throw new GraphValueError("START cannot be an end node.");
    this.edges.push([from, to]);
    return this;
  }

  /**
   * After `source`, calls `path` with the state (including `source`'s own update) and goes where it says: a node
   * name, END, `Send`s, or several of them; `pathMap` translates its answers (an object, or a list of names).
   */
  addConditionalEdges(
    source:
      | string
      | { source: string; path: BranchSpec["path"]; pathMap?: Record<string, string> | string[] },
    path?: (state: State, config: Loose) => unknown,
    pathMap?: Record<string, string> | string[],
  ): this {
    if (typeof source === "object")
      return this.addConditionalEdges(source.source, source.path, source.pathMap);
    if (typeof path !== "function")
      throw new GraphValueError(`The conditional edge from "${source}" needs a path function.`);
    const map = Array.isArray(pathMap) ? Object.fromEntries(pathMap.map((name) => [name, name])) : pathMap;
    const list = this.branches.get(source) ?? [];
    list.push({ path, ...(map ? { pathMap: map } : {}) });
    this.branches.set(source, list);
    return this;
  }

  /** Adds nodes that run one after another. */
  addSequence(nodes: [string, NodeFunction][] | Record<string, NodeFunction>): this {
    const entries = Array.isArray(nodes) ? nodes : Object.entries(nodes);
    if (entries.length === 0) throw new GraphValueError("A sequence needs at least one node.");
    let previous: string | undefined;
    for (const [name, fn] of entries) {
      this.addNode(name, fn);
      if (previous) this.addEdge(previous, name);
      previous = name;
    }
    return this;
  }

  /** Same as `addEdge(START, name)`. */
  setEntryPoint(name: string): this {
    return this.addEdge(START, name);
  }

  /** Same as `addEdge(name, END)`. */
  setFinishPoint(name: string): this {
    return this.addEdge(name, END);
  }

  /** Checks the graph and returns its runnable form. */
  compile(options: CompileOptions = {}): CompiledStateGraph<State, Update> {
    this.validate(options);
    const joins = new Map<string, JoinSpec>();
    for (const join of this.joins) {
      const name = `join:${join.sources.join("+")}:${join.target}`;
      joins.set(name, { name, ...join });
    }
    const compiled = (name: string, run: NodeFunction, entry?: NodeEntry): CompiledNode => ({
      name,
      run,
      ...(entry?.options.retryPolicy ? { retryPolicy: entry.options.retryPolicy } : {}),
      edges: [...new Set(this.edges.filter(([from, to]) => from === name && to !== END).map(([, to]) => to))],
      joins: [...joins.values()].filter((join) => join.sources.includes(name)).map((join) => join.name),
      branches: this.branches.get(name) ?? [],
      ends: entry?.options.ends ?? [],
    });
    const nodes = new Map<string, CompiledNode>();
    nodes.set(
      START,
      compiled(START, (input) => input),
    );
    for (const [name, entry] of this.nodes) {
      const subgraph = entry.run instanceof CompiledStateGraph ? entry.run : undefined;
      const run: NodeFunction = subgraph
        ? (input, config) => subgraph.runAsSubgraphNode(input, config, name)
        : (entry.run as NodeFunction);
      nodes.set(name, { ...compiled(name, run, entry), ...(subgraph ? { subgraph } : {}) });
    }
    const spec: GraphSpec = {
      name: options.name ?? "LangGraph",
      channels: this.channels,
      channelFactories: CompiledStateGraph.channelFactories(this.channels),
      keys: Object.keys(this.channels),
      nodes,
      joins,
      interruptBefore: options.interruptBefore ?? [],
      interruptAfter: options.interruptAfter ?? [],
      checkpointer: options.checkpointer || undefined,
      inheritCheckpointer: options.checkpointer !== false,
    };
    return new CompiledStateGraph<State, Update>(spec, {
      edges: this.edges,
      joins: this.joins,
      branches: this.branches,
      ends: new Map([...this.nodes].map(([name, entry]) => [name, entry.options.ends ?? []])),
    });
  }

  private validate(options: CompileOptions): void {
    const known = (name: string) => name === START || name === END || this.nodes.has(name);
    for (const [from, to] of this.edges) {
      if (!known(from)) throw new GraphValueError(`Found edge starting at unknown node \`${from}\``);
      if (!known(to)) throw new GraphValueError(`Found edge ending at unknown node \`${to}\``);
    }
    for (const join of this.joins) {
      for (const source of join.sources)
        if (!known(source)) throw new GraphValueError(`Found edge starting at unknown node \`${source}\``);
      if (!known(join.target))
        throw new GraphValueError(`Found edge ending at unknown node \`${join.target}\``);
    }
    for (const [source, list] of this.branches) {
      if (!known(source))
        throw new GraphValueError(`Found conditional edge starting at unknown node \`${source}\``);
      for (const branch of list)
        for (const target of Object.values(branch.pathMap ?? {}))
          if (!known(target))
            throw new GraphValueError(`Found conditional edge ending at unknown node \`${target}\``);
    }
    const open = [...this.branches.values()].some((list) => list.some((branch) => !branch.pathMap));
    if (!open) {
      const reachable = new Set<string>();
      for (const [, to] of this.edges) reachable.add(to);
      for (const join of this.joins) reachable.add(join.target);
      for (const list of this.branches.values())
        for (const branch of list)
          for (const target of Object.values(branch.pathMap ?? {})) reachable.add(target);
      for (const entry of this.nodes.values()) for (const end of entry.options.ends ?? []) reachable.add(end);
      for (const name of this.nodes.keys()) if (!reachable.has(name)) throw new UnreachableNodeError(name);
    }
    const hasStart =
      this.edges.some(([from]) => from === START) ||
      this.branches.has(START) ||
      this.joins.some((join) => join.sources.includes(START));
    if (!hasStart)
      throw new GraphValueError(
        "Graph must have an entrypoint: add at least one edge from START to another node.",
      );
    for (const list of [options.interruptBefore, options.interruptAfter])
      if (Array.isArray(list))
        for (const name of list)
          if (!this.nodes.has(name)) throw new GraphValueError(`Interrupt node \`${name}\` not found.`);
  }
}
