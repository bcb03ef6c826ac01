import type { ErrorInfo, StoredEvent, Usage } from "../core/index.js";
import type { ApprovalRequest } from "./approval.js";
import type { LiveSession } from "./live-session.js";

/** How a run ended. */
export interface RunResult {
  sessionId: string;
  /** `awaiting-approval`: the turn is suspended; answer {@link RunResult.awaitingApprovals} to continue it. */
  status: "completed" | "failed" | "interrupted" | "awaiting-approval";
  /** The assistant's last message. */
  finalMessage: string;
  /** Tokens used by this run's turns. */
  usage: Usage;
  /** Wall-clock milliseconds from the call that started the run to its end. */
  durationMs: number;
  /** Set when the run failed. */
  error?: ErrorInfo;
  /** Set when the run suspended: the approvals it waits for (resume with `approval` to answer one). */
  awaitingApprovals?: ApprovalRequest[];
}

/** Options for {@link AgentRun.events}. */
export interface RunEventsOptions {
  /** First seq to deliver; defaults to the first event of this run, so nothing is missed by subscribing late. */
  fromSeq?: number;
  /** Events buffered for a slow consumer before it falls back to the journal (default 8192). */
  capacity?: number;
  signal?: AbortSignal;
  /**
   * Deliver an event only once the journal has stored it (a group commit away, ≤ 25 ms by default), so nothing is
   * shown that a crash or a full disk could lose, and no seq is shown that a later resume could give to another
   * event. Events the journal fails to store before the run ends are never delivered. For `--json` output.
   */
  stored?: boolean;
}

/** One run of an agent on a session: started by `Runtime.run` or `Runtime.resume`. */
export class AgentRun {
  /** Resolves when the run has ended; never rejects for failures a turn records (those are `status: "failed"`). */
  readonly result: Promise<RunResult>;

  constructor(
    /** The session this run works on. */
    readonly sessionId: string,
    private readonly ready: Promise<{ session: LiveSession; firstSeq: number; agent?: string }>,
    result: Promise<RunResult>,
    private readonly controller: AbortController,
  ) {
    this.result = result;
    // A run nobody awaits must not crash the process with an unhandled rejection.
    this.result.catch(() => {});
    this.ready.catch(() => {});
  }

  /** The session's events from this run on, live, lossless and bounded in memory. */
  events(options: RunEventsOptions = {}): AsyncIterableIterator<StoredEvent> {
    // A plain iterator rather than an async generator: this sits on the per-token path, and every generator layer
    // costs several microtasks per event.
    let inner: AsyncIterableIterator<StoredEvent> | undefined;
    let finished = false;
    const open = async (): Promise<AsyncIterableIterator<StoredEvent> | undefined> => {
      try {
        const { session, firstSeq } = await this.ready;
        inner = session.hub.subscribe({
          fromSeq: options.fromSeq ?? firstSeq,
          ...(options.capacity ? { capacity: options.capacity } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch {
        finished = true;
      }
      return inner;
    };
    const live = (): Promise<IteratorResult<StoredEvent>> => {
      if (inner) return inner.next();
      if (finished) return Promise.resolve({ done: true, value: undefined });
      return open().then((source) => (source ? source.next() : { done: true as const, value: undefined }));
    };
    const iterator: AsyncIterableIterator<StoredEvent> = {
      next: options.stored ? () => live().then((item) => this.#whenStored(item, iterator)) : live,
      return: async () => {
        finished = true;
        await inner?.return?.();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** `item` once its event is stored; the end of the stream when the run ended without storing it. */
  async #whenStored(
    item: IteratorResult<StoredEvent>,
    iterator: AsyncIterableIterator<StoredEvent>,
  ): Promise<IteratorResult<StoredEvent>> {
    if (item.done) return item;
    const { journal } = (await this.ready).session;
    const { sessionId, seq } = item.value;
    if (journal.storedSeq(sessionId) < seq) {
      const ended = this.result.then(
        () => {},
        () => {},
      );
      await Promise.race([journal.whenStored(sessionId, seq), ended]);
      if (journal.storedSeq(sessionId) < seq) {
        await iterator.return?.();
        return { done: true, value: undefined };
      }
    }
    return item;
  }

  /**
   * The agent the session runs as when this run starts (a handoff team's active agent), once the run is ready;
   * undefined when it could not start.
   */
  async startingAgent(): Promise<string | undefined> {
    try {
      return (await this.ready).agent;
    } catch {
      return undefined;
    }
  }

  /** Cancels the run: the model call stops and running commands are killed. The turn ends as interrupted. */
  abort(reason = "cancelled"): void {
    this.controller.abort(reason);
  }
}
