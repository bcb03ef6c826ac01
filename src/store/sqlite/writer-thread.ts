import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { INSERT_CHUNK, WRITE_SQL } from "./statements.js";
import {
  type SessionWrite,
  SHARED_COMMITTED,
  SHARED_FAILING,
  type WriterReply,
  type WriterRequest,
} from "./writer-protocol.js";
import { WRITER_THREAD_SOURCE } from "./writer-thread-source.js";

/** What the journal hears from its writer thread. */
export interface WriterListener {
  /**
   * A transaction committed every request up to `upTo`; `conflicts` are sessions another writer got to first,
   * `fenced` sessions whose lease another writer holds now.
   */
  committed(upTo: number, durable: boolean, conflicts: string[], fenced: string[]): void;
  /** A transaction failed; the thread retries it. */
  failed(error: { code?: string; message: string }): void;
  /** The thread died; nothing more will be committed by it. */
  died(error: Error): void;
}

/**
 * The main thread's handle on the writer thread: a second SQLite connection that runs the group commits, so the
 * thread that streams events pays only for buffering and serialising them. Committed progress is also published in
 * shared memory, so the main thread can see it (and wait for it) synchronously.
 */
export class WriterThread {
  readonly #worker: Worker;
  readonly #shared: Int32Array;
  #nextId = 1;
  #waiting = 0;
  #closed: Promise<void> | undefined;
  #dead = false;

  constructor(path: string, busyTimeoutMs: number, listener: WriterListener) {
    const sharedBuffer = new SharedArrayBuffer(8);
    this.#shared = new Int32Array(sharedBuffer);
    this.#worker = new Worker(WRITER_THREAD_SOURCE, {
      eval: true,
      workerData: {
        path,
        busyTimeoutMs,
        sqlitePath: createRequire(import.meta.url).resolve("better-sqlite3"),
        sql: WRITE_SQL,
        chunk: INSERT_CHUNK,
        shared: sharedBuffer,
      },
    });
    // Idle, the thread must not keep the process alive; the exit hook saves whatever it had not committed.
    this.#worker.unref();
    this.#worker.on("message", (reply: WriterReply) => {
      if (reply.type === "committed")
        listener.committed(reply.upTo, reply.durable, reply.conflicts, reply.fenced);
      else if (reply.type === "failed") listener.failed(reply.error);
    });
    this.#worker.on("error", (error) => {
      this.#dead = true;
      listener.died(error);
    });
    this.#worker.on("exit", (code) => {
      if (this.#closed === undefined && !this.#dead) {
        this.#dead = true;
        listener.died(new Error(`the journal's writer thread exited with code ${code}`));
      }
    });
  }

  /** Queues a commit of `sessions` and returns its id; ids grow by one per request. */
  post(sessions: SessionWrite[], durable: boolean): number {
    const id = this.#nextId++;
    const request: WriterRequest = { type: "commit", id, durable, sessions };
    this.#worker.postMessage(request);
    return id;
  }

  /** The id of the last request committed. */
  committedUpTo(): number {
    return Atomics.load(this.#shared, SHARED_COMMITTED);
  }

  get dead(): boolean {
    return this.#dead;
  }

  /**
   * Blocks the calling thread until request `id` is committed. Returns false when the writer is failing or dead, or
   * after `timeoutMs`.
   */
  waitCommitted(id: number, timeoutMs: number): boolean {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const committed = Atomics.load(this.#shared, SHARED_COMMITTED);
      if (committed >= id) return true;
      const left = deadline - Date.now();
      if (this.#dead || left <= 0 || Atomics.load(this.#shared, SHARED_FAILING) === 1) return false;
      Atomics.wait(this.#shared, SHARED_COMMITTED, committed, Math.min(left, 50));
    }
  }

  /** Keeps the process alive while someone awaits the thread. */
  hold(): () => void {
    if (this.#waiting++ === 0) this.#worker.ref();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#waiting === 0) this.#worker.unref();
    };
  }

  /** Commits what is queued, closes the thread's connection and ends it. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      if (this.#dead) return resolve();
      this.#worker.ref();
      this.#worker.once("exit", () => resolve());
      this.#worker.postMessage({ type: "close" } satisfies WriterRequest);
    });
    return this.#closed;
  }

  /** Ends the thread at once (the process is exiting). */
  terminate(): void {
    this.#closed ??= Promise.resolve();
    void this.#worker.terminate();
  }
}
