/**
 * A state channel: one key of a graph's state. Each superstep hands a channel the writes its nodes made, in task
 * order, and the channel folds them into its value.
 */
export interface Channel {
  /** Whether the channel holds a value (a key never written and without a default holds none). */
  readonly available: boolean;
  /** The current value (undefined when not available). */
  readonly value: unknown;
  /** Folds one superstep's writes, in task order. */
  update(writes: unknown[]): void;
  /** Sets the value restored from a checkpoint. */
  restore(value: unknown): void;
  /** A fresh, empty channel of the same kind. */
  fresh(): Channel;
}

/** How a state key folds its writes: the last value wins (one write per step), or a reducer. */
export interface ChannelSpec<Value = unknown, Update = Value> {
  readonly kind: "last-value" | "reducer";
  /** Combines the current value with one update. */
  readonly reducer?: (current: Value, update: Update) => Value;
  /** The value before any write. */
  readonly default?: () => Value;
  /** Phantom fields: carry the value and update types for `typeof Root.State` / `typeof Root.Update`. */
  readonly ValueType?: Value;
  readonly UpdateType?: Update;
}
