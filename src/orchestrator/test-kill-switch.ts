import type { AgentEvent } from "../core/index.js";

/**
 * A crash at an exact journal position, for tests of the recovery windows only: with
 * `ART_TEST_KILL_AFTER=<event type>[:<n>]` in the environment, the process kills itself with SIGKILL as soon as a
 * flush has made the n-th (default first) such event it appended durable — the moment a real crash would leave the
 * journal in. Read once, from `process.env`; without the variable this costs one comparison per append.
 */
export class TestKillSwitch {
  readonly #type: string | undefined;
  readonly #count: number;
  #seen = 0;
  #armed = false;

  constructor(spec = process.env.ART_TEST_KILL_AFTER) {
    const [type, count] = (spec ?? "").split(":");
    this.#type = type ? type : undefined;
    this.#count = count ? Number(count) : 1;
  }

  /** Counts the appended events of the watched type. */
  appended(events: readonly AgentEvent[]): void {
    if (this.#type === undefined) return;
    for (const event of events)
      if (event.type === this.#type && ++this.#seen === this.#count) this.#armed = true;
  }

  /** Called after a flush resolved: dies if the watched event is now durable. */
  flushed(): void {
    if (this.#armed) process.kill(process.pid, "SIGKILL");
  }
}
