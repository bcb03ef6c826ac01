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
  /** Events held for a slow consumer before it falls back to the journal. Default 1024. */
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
  private queue: StoredEvent[] = [];
  private head = 0;
  private lagging: boolean;
  private delivered: number;
  private finished = false;
  private done = false;
  private wake: (() => void) | undefined;
  private readonly capacity: number;
  private catchUp: AsyncIterator<StoredEvent> | undefined;

  constructor(
    private readonly sessionId: string,
    private readonly source: CatchUpSource,
    private readonly options: SubscribeOptions,
    private readonly detach: () => void,
  ) {
    this.capacity = options.capacity ?? 1024;
    const last = source.lastSeq(sessionId);
    const from = options.fromSeq ?? last + 1;
    this.delivered = from - 1;
    // Anything before "now" must come from the journal.
    this.lagging = from <= last;
    options.signal?.addEventListener("abort", () => this.stop(), { once: true });
  }

  offer(events: readonly StoredEvent[]): void {
    if (this.done || this.lagging) {
      this.notify();
      return;
    }
    if (this.queue.length - this.head + events.length > this.capacity) {
      // Full: drop what we would hold and catch up from the journal instead.
      this.lagging = true;
      this.queue = [];
      this.head = 0;
    } else {
      for (const event of events) this.queue.push(event);
    }
    this.notify();
  }

  finish(): void {
    this.finished = true;
    this.notify();
  }

  private stop(): void {
    this.done = true;
    this.detach();
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async next(): Promise<IteratorResult<StoredEvent>> {
    for (;;) {
      if (this.done) return { done: true, value: undefined };
      if (this.head < this.queue.length) {
        const event = this.queue[this.head++]!;
        if (this.head > 4096 && this.head * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        if (event.seq <= this.delivered) continue;
        this.delivered = event.seq;
        return { done: false, value: event };
      }
      if (this.lagging) {
        const event = await this.readBehind();
        if (event) return { done: false, value: event };
        continue;
      }
      if (this.finished) {
        // Events published before close may still be only in the journal.
        if (this.source.lastSeq(this.sessionId) > this.delivered) {
          this.lagging = true;
          continue;
        }
        this.stop();
        return { done: true, value: undefined };
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Reads the next missed event from the journal; undefined once caught up (and back to live delivery). */
  private async readBehind(): Promise<StoredEvent | undefined> {
    this.catchUp ??= this.source.read(this.sessionId, this.delivered + 1)[Symbol.asyncIterator]();
    const step = await this.catchUp.next();
    if (!step.done) {
      this.delivered = step.value.seq;
      return step.value;
    }
    this.catchUp = undefined;
    // Publishing is synchronous with appending, so if nothing is newer than what we delivered at this instant,
    // every later event will reach the live queue.
    if (this.source.lastSeq(this.sessionId) <= this.delivered) {
      this.lagging = false;
      this.queue = [];
      this.head = 0;
    }
    return undefined;
  }

  async return(): Promise<IteratorResult<StoredEvent>> {
    this.stop();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StoredEvent> {
    return this;
  }
}
