/** Per-invocation settings, in LangGraph's shape. */
export interface GraphConfig {
  configurable?: {
    /** The conversation thread: checkpoints are kept per thread. */
    thread_id?: string;
    /** Continue from (or fork at) this checkpoint instead of the thread's newest. */
    checkpoint_id?: string;
    /** The subgraph namespace (set by the runtime). */
    checkpoint_ns?: string;
    [key: string]: unknown;
  };
  /** Supersteps allowed before `GraphRecursionError` (default 25). */
  recursionLimit?: number;
  /** Stream modes for `stream`. */
  streamMode?: StreamMode | StreamMode[];
  /** Also stream subgraphs' chunks, as `[namespace, chunk]`. */
  subgraphs?: boolean;
  /** When checkpoints are made durable: before the next superstep, group-committed, or at the end. */
  durability?: "sync" | "async" | "exit";
  /** Cancels the run. */
  signal?: AbortSignal;
  /** Free-form metadata stored with each checkpoint. */
  metadata?: Record<string, unknown>;
  /** Interrupt before these nodes, for this invocation only. */
  interruptBefore?: string[] | "*";
  /** Interrupt after these nodes, for this invocation only. */
  interruptAfter?: string[] | "*";
  [key: string]: unknown;
}

/** The config a node receives as its second argument. */
export interface NodeConfig extends GraphConfig {
  /** Emits a chunk on the `custom` stream. */
  writer: (chunk: unknown) => void;
  /** Cancels with the run. */
  signal: AbortSignal;
  /** Which node and step this is. */
  metadata: { langgraph_node: string; langgraph_step: number; thread_id?: string; [key: string]: unknown };
}

/** What `stream` can yield. */
export type StreamMode = "values" | "updates" | "messages" | "custom" | "debug" | "checkpoints" | "tasks";
