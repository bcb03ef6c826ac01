import { AbortedError } from "../core/index.js";
import { type Channel, type ChannelSpec, createChannel } from "./channels/index.js";
import type { CheckpointAddress, CheckpointSaver, CheckpointTuple } from "./checkpoint/index.js";
import { Command } from "./command.js";
import type { GraphConfig, NodeConfig, StreamMode } from "./config.js";
import { INTERRUPT } from "./constants.js";
import { GraphInterrupt, GraphValueError } from "./errors/index.js";
import type { TaskScratchpad } from "./interrupt.js";
import type { Loose } from "./loose.js";
import { drawMermaid, type GraphShape } from "./mermaid.js";
import type { GraphSpec } from "./pregel/graph-spec.js";
import { planTasks, publicPath } from "./pregel/plan.js";
import { type RunOutcome, runLoop } from "./pregel/run-loop.js";
import { nodeRuntime, type RunSink } from "./pregel/stream-sink.js";
import { type StateSnapshot, snapshotOf } from "./state-snapshot.js";
import { StreamQueue } from "./stream-queue.js";
import { updateStateOf } from "./update-state.js";

/** What `invoke` returns: the final state, plus `__interrupt__` when the run paused. */
export type InvokeResult<State> = State & { [INTERRUPT]?: { value: unknown; id: string }[] };

/**
 * A compiled graph: `invoke`, `stream`, `getState`, `getStateHistory`, `updateState`, as in LangGraph. Build one
 * with `new StateGraph(...)…compile()`.
 */
export class CompiledStateGraph<State = Record<string, unknown>, Update = Partial<State>> {
  /** @internal */
  constructor(
    readonly spec: GraphSpec,
    private readonly shape: GraphShape,
  ) {}

  /** @internal */
  static channelFactories(
    channels: Record<string, ChannelSpec<unknown, unknown>>,
  ): Record<string, () => Channel> {
    const factories: Record<string, () => Channel> = {};
    for (const [key, spec] of Object.entries(channels)) {
      const prototype = createChannel(key, {
        kind: spec.kind,
        ...(spec.reducer ? { reducer: spec.reducer } : {}),
      });
      factories[key] = spec.default ? () => createChannel(key, spec) : () => prototype.fresh();
    }
    return factories;
  }

  /** The same graph saving into `saver` (how `art graph run` makes any graph durable in the journal database). */
  withCheckpointer(saver: CheckpointSaver): CompiledStateGraph<State, Update> {
    return new CompiledStateGraph<State, Update>(
      { ...this.spec, checkpointer: saver, inheritCheckpointer: true },
      this.shape,
    );
  }

  /** The checkpointer runs use (the compiled one). */
  get checkpointer(): CheckpointSaver | undefined {
    return this.spec.checkpointer;
  }

  private address(
    config: GraphConfig | undefined,
    saver: CheckpointSaver | undefined,
  ): CheckpointAddress | undefined {
    if (!saver) return undefined;
    const threadId = config?.configurable?.thread_id;
    if (threadId === undefined || threadId === null || threadId === "")
      throw new GraphValueError(
        'This graph has a checkpointer: pass a thread id, e.g. invoke(input, { configurable: { thread_id: "1" } }).',
      );
    return { threadId: String(threadId), namespace: String(config?.configurable?.checkpoint_ns ?? "") };
  }

  private run(input: unknown, config: GraphConfig | undefined, sink: RunSink): Promise<RunOutcome> {
    const saver = this.spec.checkpointer;
    return runLoop({
      spec: this.spec,
      input,
      config: config ?? {},
      saver,
      address: this.address(config, saver),
      sink,
    });
  }

  /** Runs the graph to its end (or to an interrupt) and returns the final state. */
  async invoke(input: Update | Command | null, config?: GraphConfig): Promise<InvokeResult<State>> {
    const outcome = await this.run(input, config, {});
    return finalValue(outcome) as InvokeResult<State>;
  }

  /**
   * Runs the graph and yields what `streamMode` asks for: `updates` (default: `{ node: update }` as each node
   * finishes), `values` (the whole state after each superstep), `custom` (what nodes write with `config.writer`),
   * `messages` (agent nodes' text deltas), `debug`; several modes yield `[mode, chunk]`.
   */
  async stream(
    input: Update | Command | null,
    config: GraphConfig = {},
  ): Promise<AsyncIterableIterator<Loose>> {
    const modes = config.streamMode ?? "updates";
    const list: StreamMode[] = Array.isArray(modes) ? modes : [modes];
    const tagged = Array.isArray(modes);
    const controller = new AbortController();
    const outer = config.signal;
    if (outer) {
      if (outer.aborted) controller.abort(outer.reason);
      else outer.addEventListener("abort", () => controller.abort(outer.reason), { once: true });
    }
    const queue = new StreamQueue<unknown>(() => controller.abort(new AbortedError()));
    const sink: RunSink = {};
    for (const mode of list) {
      const emit = tagged
        ? (chunk: unknown) => queue.push([mode, chunk])
        : (chunk: unknown) => queue.push(chunk);
      if (
        mode === "values" ||
        mode === "updates" ||
        mode === "custom" ||
        mode === "messages" ||
        mode === "debug"
      )
        sink[mode] = emit as never;
    }
    this.run(input, { ...config, signal: controller.signal }, sink).then(
      () => queue.end(),
      (error) => queue.end(error ?? new Error("graph failed")),
    );
    return queue;
  }

  /** The thread's newest checkpoint (or the one `checkpoint_id` names) as LangGraph's state snapshot. */
  async getState(config: GraphConfig): Promise<StateSnapshot> {
    const saver = this.requireSaver();
    const address = this.address(config, saver)!;
    const tuple = await saver.getTuple(address, config.configurable?.checkpoint_id);
    return this.snapshot(address, tuple, true);
  }

  /** The thread's checkpoints, newest first. */
  async *getStateHistory(
    config: GraphConfig,
    options: { limit?: number; before?: GraphConfig } = {},
  ): AsyncIterableIterator<StateSnapshot> {
    const saver = this.requireSaver();
    const address = this.address(config, saver)!;
    const before = options.before?.configurable?.checkpoint_id;
    for await (const tuple of saver.list(address, {
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(before ? { before } : {}),
    }))
      yield this.snapshot(address, tuple, false);
  }

  /**
   * Writes `values` into the thread's state as if node `asNode` had returned them (through the reducers), and
   * triggers what follows that node. Returns the config of the new checkpoint.
   */
  async updateState(
    config: GraphConfig,
    values: Update | Record<string, unknown> | null,
    asNode?: string,
  ): Promise<GraphConfig> {
    const saver = this.requireSaver();
    return updateStateOf(this.spec, saver, this.address(config, saver)!, config, values, asNode);
  }

  /** The graph's shape, for drawing: `getGraph().drawMermaid()`. */
  getGraph(): { drawMermaid(): string } {
    return { drawMermaid: () => drawMermaid(this.shape, [...this.spec.nodes.keys()]) };
  }

  /** @internal Runs this graph as the node `name` of a parent graph. */
  async runAsSubgraphNode(input: unknown, parentConfig: NodeConfig, name: string): Promise<unknown> {
    const runtime = nodeRuntime(parentConfig);
    const scratchpad: TaskScratchpad | undefined = runtime?.scratchpad;
    const parentSaver = runtime?.saver;
    const parentSink = runtime?.sink ?? {};
    const saver = this.spec.inheritCheckpointer ? (this.spec.checkpointer ?? parentSaver) : undefined;
    const parentNs = parentConfig.configurable?.checkpoint_ns;
    const taskId = scratchpad?.taskId ?? name;
    const namespace = parentNs ? `${parentNs}|${name}:${taskId}` : `${name}:${taskId}`;
    const threadId = parentConfig.configurable?.thread_id;
    const address = saver && threadId !== undefined ? { threadId: String(threadId), namespace } : undefined;
    let childInput: unknown = input;
    if (address && saver) {
      const existing = await saver.getTuple(address);
      if (existing) {
        // Same task, run again (a resume or a crash): continue the subgraph where it stopped, never from its start.
        if (planTasks(this.spec, existing.checkpoint, existing.checkpoint.values).length === 0)
          return existing.checkpoint.values;
        childInput = scratchpad?.newResume ? new Command({ resume: scratchpad.newResume.value }) : null;
      }
    }
    const sink: RunSink = {
      ...(parentSink.custom ? { custom: parentSink.custom } : {}),
      ...(parentSink.messages ? { messages: parentSink.messages } : {}),
    };
    const { configurable, signal, recursionLimit, durability } = parentConfig;
    const { checkpoint_id: _ignored, ...rest } = configurable ?? {};
    const outcome = await runLoop({
      spec: this.spec,
      input: childInput,
      config: {
        configurable: { ...rest, checkpoint_ns: namespace },
        signal,
        ...(recursionLimit ? { recursionLimit } : {}),
        ...(durability ? { durability } : {}),
      },
      saver,
      address,
      sink,
    });
    if (outcome.interrupts) throw new GraphInterrupt(outcome.interrupts);
    return outcome.state;
  }

  private requireSaver(): CheckpointSaver {
    if (!this.spec.checkpointer)
      throw new GraphValueError("No checkpointer set: compile the graph with { checkpointer }.");
    return this.spec.checkpointer;
  }

  private snapshot(
    address: CheckpointAddress,
    tuple: CheckpointTuple | undefined,
    applyPending: boolean,
  ): StateSnapshot {
    return snapshotOf(this.spec, address, tuple, publicPath, applyPending);
  }
}

function finalValue(outcome: RunOutcome): unknown {
  if (!outcome.interrupts) return outcome.values;
  return { ...(outcome.values ?? {}), [INTERRUPT]: outcome.interrupts };
}
