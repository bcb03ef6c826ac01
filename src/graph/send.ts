const MARKER = Symbol.for("agent-runtime.graph-send");

/**
 * Runs `node` in the next superstep with `args` as its input instead of the state (map-reduce fan-out): return
 * several from a conditional edge's path function, or use one as a `Command`'s `goto`.
 */
export class Send<Args = unknown> {
  readonly [MARKER] = true;
  readonly lg_name = "Send";

  constructor(
    readonly node: string,
    readonly args: Args,
  ) {}

  static isInstance(value: unknown): value is Send {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
