import { InvalidUpdateError } from "../errors/index.js";
import type { Channel } from "./channel.js";

/** A key without a reducer: takes the one value written in a superstep; two writes in one step are an error. */
export class LastValueChannel implements Channel {
  available = false;
  value: unknown = undefined;

  constructor(
    private readonly key: string,
    private readonly initial?: () => unknown,
  ) {
    if (initial) this.restore(initial());
  }

  update(writes: unknown[]): void {
    if (writes.length === 0) return;
    if (writes.length > 1) {
      throw new InvalidUpdateError(
        `Invalid update for channel "${this.key}" with values ${JSON.stringify(writes)}: LastValue can only receive one value per step. Give the key a reducer (Annotation({ reducer })) if several nodes write it in parallel.`,
        "INVALID_CONCURRENT_GRAPH_UPDATE",
      );
    }
    this.value = writes[0];
    this.available = true;
  }

  restore(value: unknown): void {
    this.value = value;
    this.available = true;
  }

  fresh(): Channel {
    return new LastValueChannel(this.key, this.initial);
  }
}
