import { GraphError } from "./graph-error.js";

/** The graph itself is malformed: an unknown node, a missing entry point, a reserved name. */
export class GraphValueError extends GraphError {
  constructor(message: string, name = "GraphValueError", lcErrorCode?: string) {
    super(name, "graph.invalid_graph", message, lcErrorCode);
  }
}

/** A node no edge leads to (LangGraph's `UnreachableNodeError`). */
export class UnreachableNodeError extends GraphValueError {
  constructor(node: string) {
    super(
      `Node \`${node}\` is not reachable. If a node routes with Command objects, name its possible destinations with addNode(name, fn, { ends: [...] }).`,
      "UnreachableNodeError",
      "UNREACHABLE_NODE",
    );
  }
}
