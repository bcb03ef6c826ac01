import type { Send } from "./send.js";

const MARKER = Symbol.for("agent-runtime.graph-command");

/** What a {@link Command} carries. */
export interface CommandParams<Resume = unknown, Update = Record<string, unknown>> {
  /** Answers pending interrupts: one value, or a map from interrupt id to value. */
  resume?: Resume;
  /** A state update, as a node would return it (an object, or `[key, value]` pairs). */
  update?: Update | [string, unknown][];
  /** Where to go next: node names or `Send`s. */
  goto?: string | Send | (string | Send)[];
  /** `Command.PARENT` to route in the parent graph. */
  graph?: string;
}

/**
 * Returned by a node to update the state and choose where to go (`goto`), or given to `invoke` / `stream` to resume
 * after an interrupt (`resume`).
 */
export class Command<Resume = unknown, Update = Record<string, unknown>> {
  readonly [MARKER] = true;
  readonly lg_name = "Command";
  /** The parent graph, for `graph`. */
  static readonly PARENT = "__parent__";
  readonly resume: Resume | undefined;
  readonly update: Update | [string, unknown][] | undefined;
  readonly goto: (string | Send)[];
  readonly graph: string | undefined;

  constructor(params: CommandParams<Resume, Update>) {
    this.resume = params.resume;
    this.update = params.update;
    this.goto = params.goto === undefined ? [] : Array.isArray(params.goto) ? params.goto : [params.goto];
    this.graph = params.graph;
  }

  static isInstance(value: unknown): value is Command {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
