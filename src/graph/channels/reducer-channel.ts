import type { Channel } from "./channel.js";

/**
 * A key with a reducer: every write of a superstep is folded in task order. Without a default the first write
 * becomes the value (as LangGraph's BinaryOperatorAggregate does).
 */
export class ReducerChannel implements Channel {
  available = false;
  value: unknown = undefined;

  constructor(
    private readonly reducer: (current: unknown, update: unknown) => unknown,
    private readonly initial?: () => unknown,
  ) {
    if (initial) this.restore(initial());
  }

  update(writes: unknown[]): void {
    let index = 0;
    if (!this.available) {
      if (writes.length === 0) return;
      this.value = writes[0];
      this.available = true;
      index = 1;
    }
    for (; index < writes.length; index++) this.value = this.reducer(this.value, writes[index]);
  }

  restore(value: unknown): void {
    this.value = value;
    this.available = true;
  }

  fresh(): Channel {
    return new ReducerChannel(this.reducer, this.initial);
  }
}
