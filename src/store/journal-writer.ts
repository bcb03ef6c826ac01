import type { AgentEvent, StoredEvent } from "../core/index.js";

/** Options of {@link Journal.acquire}. */
export interface AcquireOptions {
  /**
   * How long the lease lasts without renewal, in ms. The writer renews it by itself (every third of it) while it
   * lives; a writer that cannot (its process paused or dead) loses it once it expired and someone else acquired.
   * Default 30 000.
   */
  ttlMs?: number;
}

/**
 * The one writer of a session: it holds the session's expiring, renewable lease and its fencing token (which grows
 * with every acquisition of the session), and every write it makes carries the token. Once another writer has
 * taken the session over, this one's writes are refused with `store.lease_lost` and nothing of them is stored.
 *
 * `append` is synchronous: it validates, assigns seqs (the lease makes them this writer's to assign) and buffers;
 * durability is asynchronous (`flush`, `whenStored`). Streaming a delta therefore costs no await.
 */
export interface JournalWriter {
  /** The session written. */
  readonly sessionId: string;
  /** Monotonic per session: a later acquisition always holds a larger one. */
  readonly fencingToken: number;
  /**
   * Validates and appends events (creating the session on `session.started`); returns them as stored. Throws
   * `store.invalid_event` (nothing appended) and, once the lease is known lost, `store.lease_lost`.
   */
  append(events: AgentEvent[]): StoredEvent[];
  /** The highest seq appended (buffered ones included), 0 before the first. */
  lastSeq(): number;
  /** The highest seq stored. */
  storedSeq(): number;
  /** Resolves once `seq` is stored or can no longer be (check {@link JournalWriter.storedSeq}). Never rejects. */
  whenStored(seq: number): Promise<void>;
  /** Makes everything this writer appended durable; rejects with `store.lease_lost` when it was refused. */
  flush(): Promise<void>;
  /** Flushes and gives the lease up; later appends fail. Idempotent. */
  release(): Promise<void>;
}
