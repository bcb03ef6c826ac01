/**
 * A durable graph runtime with LangGraph's core API: a graph written against `@langchain/langgraph` runs unchanged
 * when its import points at `agent-runtime/graph`. Importing it loads nothing heavy (SQLite and the agent runtime
 * load when `SqliteSaver` or `agentNode` are used).
 *
 * ```ts
 * import { Annotation, END, MemorySaver, START, StateGraph } from "agent-runtime/graph";
 * const State = Annotation.Root({ count: Annotation<number>() });
 * const graph = new StateGraph(State)
 *   .addNode("inc", (state) => ({ count: state.count + 1 }))
 *   .addEdge(START, "inc")
 *   .addConditionalEdges("inc", (state) => (state.count < 3 ? "inc" : END))
 *   .compile({ checkpointer: new MemorySaver() });
 * await graph.invoke({ count: 0 }, { configurable: { thread_id: "t1" } }); // { count: 3 }
 * ```
 * @packageDocumentation
 */

export {
  type AgentNodeAgent,
  type AgentNodeOptions,
  type AgentNodeResult,
  agentNode,
} from "./agent-node/index.js";
export {
  Annotation,
  type AnnotationOptions,
  AnnotationRoot,
  type StateDefinition,
  type StateType,
  type UpdateType,
} from "./annotation.js";
export type { ChannelSpec } from "./channels/index.js";
export {
  type Checkpoint,
  type CheckpointAddress,
  type CheckpointMetadata,
  type CheckpointSaver,
  type CheckpointTuple,
  MemorySaver,
  type PendingWrite,
  SqliteSaver,
  type SqliteSaverOptions,
} from "./checkpoint/index.js";
export { Command, type CommandParams } from "./command.js";
export { CompiledStateGraph, type InvokeResult } from "./compiled-graph.js";
export type { GraphConfig, NodeConfig, StreamMode } from "./config.js";
export { END, INTERRUPT, START } from "./constants.js";
export {
  EmptyInputError,
  GraphError,
  GraphInterrupt,
  GraphRecursionError,
  GraphValueError,
  type Interrupt,
  InvalidUpdateError,
  UnreachableNodeError,
} from "./errors/index.js";
export { interrupt } from "./interrupt.js";
export type { RetryPolicy } from "./pregel/graph-spec.js";
export { Send } from "./send.js";
export { type AddNodeOptions, type CompileOptions, StateGraph } from "./state-graph.js";
export type { StateSnapshot, TaskDescription } from "./state-snapshot.js";
