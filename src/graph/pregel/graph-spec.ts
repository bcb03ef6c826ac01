import type { Channel, ChannelSpec } from "../channels/index.js";
import type { CheckpointSaver } from "../checkpoint/index.js";
import type { NodeConfig } from "../config.js";
import type { Loose } from "../loose.js";

/** How a failed node is retried (LangGraph's `RetryPolicy`). */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 3). */
  maxAttempts?: number;
  /** Milliseconds before the first retry (default 500). */
  initialInterval?: number;
  /** Multiplier between retries (default 2). */
  backoffFactor?: number;
  /** Longest wait in milliseconds (default 128000). */
  maxInterval?: number;
  /** Randomise waits (default true). */
  jitter?: boolean;
  /** Which errors to retry (default: all but programming errors and graph control flow). */
  retryOn?: (error: unknown) => boolean;
  /** Log a line on each retry (accepted for compatibility). */
  logWarning?: boolean;
}

/** A node function: the state (or a `Send`'s argument) in, an update or a `Command` out. */
export type NodeFunction = (input: Loose, config: NodeConfig) => unknown;

/** A conditional edge: `path` picks the next nodes from the state; `pathMap` translates its answers. */
export interface BranchSpec {
  path: (state: Loose, config: NodeConfig) => unknown;
  pathMap?: Record<string, string>;
}

/** One node as the loop runs it. */
export interface CompiledNode {
  name: string;
  run: NodeFunction;
  /** Set when the node is a compiled graph: it runs as a subgraph with its own checkpoints. */
  subgraph?: object;
  retryPolicy?: RetryPolicy;
  /** Static successors (END dropped). */
  edges: string[];
  /** Join barriers this node contributes to. */
  joins: string[];
  branches: BranchSpec[];
  /** Possible `Command` destinations (for drawing and validation). */
  ends: string[];
}

/** A join: the target runs once every source has run. */
export interface JoinSpec {
  name: string;
  sources: string[];
  target: string;
}

/** Everything the loop needs about a compiled graph. */
export interface GraphSpec {
  name: string;
  channels: Record<string, ChannelSpec<unknown, unknown>>;
  /** Makes a fresh channel per key (one set per run, so threads never share state). */
  channelFactories: Record<string, () => Channel>;
  keys: string[];
  /** Nodes by name; START is one of them (it writes the input). */
  nodes: Map<string, CompiledNode>;
  joins: Map<string, JoinSpec>;
  interruptBefore: string[] | "*";
  interruptAfter: string[] | "*";
  checkpointer: CheckpointSaver | undefined;
  /** `false` when compiled with `checkpointer: false` (a subgraph that must not inherit one). */
  inheritCheckpointer: boolean;
}
