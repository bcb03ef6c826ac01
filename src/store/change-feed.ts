/**
 * A counter of "something may have been stored", and a way to wait for it to move: what a tail sleeps on between
 * reads. A tail notes the version before it reads and then waits past it, so a change that lands while it reads is
 * never missed. `onWaiting` tells the owner when the first waiter arrives and the last leaves (the SQLite journal
 * polls for other processes' commits only in between).
 */
export class ChangeFeed {
  #version = 0;
  readonly #waiters = new Set<() => void>();

  constructor(private readonly onWaiting: (waiting: boolean) => void = () => {}) {}

  /** The current version; it only grows. */
  get version(): number {
    return this.#version;
  }

  /** Records a change and wakes every waiter. */
  bump(): void {
    this.#version++;
    if (this.#waiters.size === 0) return;
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    this.onWaiting(false);
    for (const wake of waiters) wake();
  }

  /** Resolves once the version has passed `version`, or when `signal` aborts. */
  waitPast(version: number, signal?: AbortSignal): Promise<void> {
    if (this.#version > version || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        if (this.#waiters.delete(wake) && this.#waiters.size === 0) this.onWaiting(false);
        resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.add(wake);
      if (this.#waiters.size === 1) this.onWaiting(true);
    });
  }
}
