import type { ChannelSpec } from "./channels/index.js";
import type { Loose } from "./loose.js";

/** The channel specs of a state, one per key. */
export type StateDefinition = Record<string, ChannelSpec<Loose, Loose>>;

/** The state a node receives: every key with its value type. */
export type StateType<Definition extends StateDefinition> = {
  [Key in keyof Definition]: Definition[Key] extends ChannelSpec<infer Value, Loose> ? Value : never;
};

/** What a node may return: any subset of keys, each with its update type. */
export type UpdateType<Definition extends StateDefinition> = {
  [Key in keyof Definition]?: Definition[Key] extends ChannelSpec<Loose, infer Update> ? Update : never;
};

/** Options of {@link Annotation}: a reducer folding updates into the value, and the value before any update. */
export interface AnnotationOptions<Value, Update = Value> {
  reducer: (current: Value, update: Update) => Value;
  default?: () => Value;
}

/**
 * A state schema built with {@link Annotation.Root}. `typeof Root.State` is the state type, `typeof Root.Update`
 * the update type, as in LangGraph.
 */
export class AnnotationRoot<Definition extends StateDefinition> {
  /** Phantom: the state type. */
  declare State: StateType<Definition>;
  /** Phantom: the update type. */
  declare Update: UpdateType<Definition>;
  /** Phantom: the node function type. */
  declare Node: (state: StateType<Definition>) => UpdateType<Definition> | Promise<UpdateType<Definition>>;
  readonly lc_graph_name = "AnnotationRoot";

  constructor(readonly spec: Definition) {}
}

function annotation<Value>(): ChannelSpec<Value, Value>;
function annotation<Value, Update = Value>(
  options: AnnotationOptions<Value, Update>,
): ChannelSpec<Value, Update>;
function annotation<Value, Update = Value>(
  options?: AnnotationOptions<Value, Update>,
): ChannelSpec<Value, Update> {
  if (options?.reducer)
    return {
      kind: "reducer",
      reducer: options.reducer,
      ...(options.default ? { default: options.default } : {}),
    };
  return { kind: "last-value" };
}

/**
 * Declares one key of a graph's state, as in LangGraph: `Annotation<string>()` keeps the last value written (one
 * write per superstep), `Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] })` folds every
 * write through the reducer. `Annotation.Root({...})` groups the keys into a state schema.
 *
 * ```ts
 * const State = Annotation.Root({
 *   question: Annotation<string>(),
 *   notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
 * });
 * ```
 */
export const Annotation = Object.assign(annotation, {
  Root<Definition extends StateDefinition>(spec: Definition): AnnotationRoot<Definition> {
    return new AnnotationRoot(spec);
  },
});
