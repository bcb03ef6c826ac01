import { GraphError } from "./graph-error.js";

/** `invoke(null)` on a thread with no checkpoint to continue from. */
export class EmptyInputError extends GraphError {
  constructor(message = "Received no input for __start__: a thread with no checkpoint needs an input.") {
    super("EmptyInputError", "graph.empty_input", message);
  }
}
