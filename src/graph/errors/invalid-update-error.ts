import { GraphError } from "./graph-error.js";

/** A node returned something that is not a state update, or a channel got more writes than it accepts. */
export class InvalidUpdateError extends GraphError {
  constructor(message: string, lcErrorCode?: string) {
    super("InvalidUpdateError", "graph.invalid_update", message, lcErrorCode);
  }
}
