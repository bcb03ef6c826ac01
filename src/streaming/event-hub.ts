import type { StoredEvent } from "../core/index.js";

/** Where a lagging subscriber catches up from: the journal. */
export interface CatchUpSource {
  read(sessionId: string, fromSeq?: number): AsyncIterable<StoredEvent>;
  lastSeq(sessionId: string): number;
}

/** Options for {@link EventHub.subscribe}. */
export interface SubscribeOptions {
  /** Deliver events from this seq on (older ones come from the journal). Default: only new events. */
  fromSeq?: number;
  /** Events held for a slow consumer before it falls back to the journal. Default 8192. */
  capacity?: number;
  /** Ends the iteration early. */
  signal?: AbortSignal;
}

/**
 * Fans a session's events out to any number of subscribers. Each subscriber has a bounded queue: when it falls
 * behind, the hub stops queueing for it (memory stays flat) and the subscriber later re-reads what it missed from
 * the journal, so no event is lost and the producer never waits for a consumer.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private closed = false;

  constructor(
    private readonly sessionId: string,
    private readonly source: CatchUpSource,
  ) {}

  /** Delivers freshly appended events (already in the journal) to every subscriber. */
  publish(events: readonly StoredEvent[]): void {
    for (const subscriber of this.subscribers) subscriber.offer(events);
  }

  /** Ends every subscription once it has delivered everything in the journal. */
  close(): void {
    this.closed = true;
    for (const subscriber of this.subscribers) subscriber.finish();
  }

  /** A live, lossless iterator of the session's events. */
  subscribe(options: SubscribeOptions = {}): AsyncIterableIterator<StoredEvent> {
    const subscriber = new Subscriber(this.sessionId, this.source, options, () =>
      this.subscribers.delete(subscriber),
    );
    this.subscribers.add(subscriber);
    if (this.closed) subscriber.finish();
    return subscriber;
  }
}

class Subscriber implements AsyncIterableIterator<StoredEvent> {
  // The newest events, oldest first from `head`; never more than `capacity` of them.
  private queue: StoredEvent[] = [];
  private head = 0;
  private delivered: number;
  private finished = false;
  private done = false;
  private wake: (() => void) | undefined;
  private wakeScheduled = false;
  private readonly capacity: number;
  private catchUp: AsyncIterator<StoredEvent> | undefined;

  constructor(
    private readonly sessionId: string,
    private readonly source: CatchUpSource,
    options: SubscribeOptions,
    private readonly detach: () => void,
  ) {
    this.capacity = Math.max(1, options.capacity ?? 8192);
    this.delivered = (options.fromSeq ?? source.lastSeq(sessionId) + 1) - 1;
    options.signal?.addEventListener("abort", () => this.stop(), { once: true });
  }

  offer(events: readonly StoredEvent[]): void {
    if (this.done) return;
    for (const event of events) this.queue.push(event);
    const size = this.queue.length - this.head;
    if (size > this.capacity) {
      // Full: forget the oldest; the consumer will read them back from the journal.
      this.head += size - this.capacity;
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.notify();
  }

  finish(): void {
    this.finished = true;
    this.notify();
  }

  private stop(): void {
    this.done = true;
    this.queue = [];
    this.head = 0;
    this.detach();
    this.notify();
  }

  private notify(): void {
    if (!this.wake || this.wakeScheduled) return;
    // Wake the consumer on the next turn of the event loop rather than per event: a producer appending a burst
    // then hands over the whole burst at once instead of paying a promise and a microtask for every token.
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    });
  }

  next(): Promise<IteratorResult<StoredEvent>> {
    // Fast path without an async frame: this runs once per streamed token for every subscriber.
    if (!this.done && this.head < this.queue.length) {
      const event = this.queue[this.head]!;
      if (event.seq === this.delivered + 1) {
        this.head++;
        this.catchUp = undefined;
        this.delivered = event.seq;
        return Promise.resolve({ done: false, value: event });
      }
    }
    return this.nextSlow();
  }

  private async nextSlow(): Promise<IteratorResult<StoredEvent>> {
    for (;;) {
      if (this.done) return { done: true, value: undefined };
      // Skip what was already delivered (from the journal, while these were queued).
      while (this.head < this.queue.length && this.queue[this.head]!.seq <= this.delivered) this.head++;
      if (this.head < this.queue.length) {
        const event = this.queue[this.head]!;
        if (event.seq === this.delivered + 1) {
          this.head++;
          this.catchUp = undefined;
          this.delivered = event.seq;
          return { done: false, value: event };
        }
      }
      if (this.source.lastSeq(this.sessionId) > this.delivered) {
        // A gap between what was delivered and what is queued: fill it from the journal.
        const event = await this.readBehind();
        if (event) return { done: false, value: event };
        continue;
      }
      if (this.finished) {
        this.stop();
        return { done: true, value: undefined };
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private async readBehind(): Promise<StoredEvent | undefined> {
    this.catchUp ??= this.source.read(this.sessionId, this.delivered + 1)[Symbol.asyncIterator]();
    const step = await this.catchUp.next();
    if (step.done || step.value.seq !== this.delivered + 1) {
      this.catchUp = undefined;
      if (step.done) return undefined;
      if (step.value.seq <= this.delivered) return undefined;
      throw new Error(
        `journal gap in session ${this.sessionId}: expected seq ${this.delivered + 1}, got ${step.value.seq}`,
      );
    }
    this.delivered = step.value.seq;
    return step.value;
  }

  async return(): Promise<IteratorResult<StoredEvent>> {
    this.stop();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StoredEvent> {
    return this;
  }
}
