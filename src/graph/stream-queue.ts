/**
 * A queue between the loop (which pushes synchronously) and a `for await` consumer. The loop never waits for the
 * consumer, as in LangGraph.
 */
export class StreamQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private head = 0;
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private failed: { error: unknown } | undefined;
  private finished = false;
  private rejectWaiting: ((error: unknown) => void) | undefined;

  /** `onReturn` runs when the consumer stops early (a `break` out of `for await`). */
  constructor(private readonly onReturn: () => void = () => {}) {}

  push(item: T): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      this.rejectWaiting = undefined;
      resolve({ value: item, done: false });
    } else this.items.push(item);
  }

  end(error?: unknown): void {
    this.finished = true;
    if (error !== undefined) this.failed = { error };
    if (this.waiting) {
      const resolve = this.waiting;
      const reject = this.rejectWaiting!;
      this.waiting = undefined;
      this.rejectWaiting = undefined;
      if (this.failed) reject(this.failed.error);
      else resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.items.length) {
      const value = this.items[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.finished) {
      if (this.failed) {
        const { error } = this.failed;
        this.failed = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.rejectWaiting = reject;
    });
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.finished) this.onReturn();
    this.finished = true;
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
