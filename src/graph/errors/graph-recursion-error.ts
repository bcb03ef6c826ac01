import { GraphError } from "./graph-error.js";

/** A run took more supersteps than `recursionLimit` allows (LangGraph's `GraphRecursionError`). */
export class GraphRecursionError extends GraphError {
  constructor(limit: number) {
    super(
      "GraphRecursionError",
      "graph.recursion_limit",
      `Recursion limit of ${limit} reached without hitting a stop condition. You can increase the limit by setting the "recursionLimit" config key.`,
      "GRAPH_RECURSION_LIMIT",
    );
  }
}
