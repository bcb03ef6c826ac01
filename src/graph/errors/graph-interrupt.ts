/** One pending `interrupt()`: what the node asked, and the id a `Command({ resume: { [id]: value } })` answers. */
export interface Interrupt<T = unknown> {
  /** The value passed to `interrupt()`. */
  value: T;
  /** Stable id of this interrupt within its thread. */
  id: string;
}

const MARKER = Symbol.for("agent-runtime.graph-interrupt");

/**
 * Thrown inside a node by `interrupt()` and caught by the loop: control flow, not a failure. Also thrown by
 * `interruptBefore` / `interruptAfter` (with no interrupts) and bubbled out of subgraphs.
 */
export class GraphInterrupt extends Error {
  readonly [MARKER] = true;

  constructor(readonly interrupts: Interrupt[] = []) {
    super("graph interrupted");
    this.name = "GraphInterrupt";
  }

  /** True for a GraphInterrupt from any copy of this module. */
  static isInstance(value: unknown): value is GraphInterrupt {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
