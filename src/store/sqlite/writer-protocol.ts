/** What the writer thread stores for one session in one commit request. */
export interface SessionWrite {
  id: string;
  /** `insertSession` values when the session row does not exist yet, else null. */
  insert: unknown[] | null;
  /** The lease token of the journal that writes. */
  token: string;
  /** The writer's fencing token: the commit stores nothing of this session unless the lease still has it. */
  fence: number;
  /** `updateSession` values for an existing row, else null. */
  update: unknown[] | null;
  /** Seq of the first event; the others follow without gaps. */
  firstSeq: number;
  /** Number of events. */
  count: number;
  /** The events' types joined by "\n". */
  types: string;
  /** The events' JSON payloads joined by "\n" (JSON.stringify never emits a raw newline). */
  payloads: string;
  times: number[];
  /** Schema version of every event in this write. */
  v: number;
  /** Give the lease up after the events (the session ended). */
  release: boolean;
}

/** Main thread → writer thread. */
export type WriterRequest =
  | { type: "commit"; id: number; durable: boolean; sessions: SessionWrite[] }
  | { type: "close" };

/** Writer thread → main thread, after each transaction attempt. */
export type WriterReply =
  | { type: "committed"; upTo: number; durable: boolean; conflicts: string[]; fenced: string[] }
  | { type: "failed"; error: { code?: string; message: string } }
  | { type: "closed" };

/** Slots of the shared Int32Array. */
export const SHARED_COMMITTED = 0;
export const SHARED_FAILING = 1;
