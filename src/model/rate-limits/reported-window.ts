import type { ReportedLimit } from "./rate-limit-headers.js";

/**
 * A limit learned from a provider's headers: `remaining` in the window that ends at `resetAt`. Each request sent
 * takes from `remaining` locally (the server has not counted it yet); when the window ends the full reported
 * `limit` is available again, until the next response says otherwise. So after one response, a burst of waiters
 * is paced at the provider's own rate instead of all being sent into a 429.
 */
export class ReportedWindow {
  private limit: number | undefined;
  private remaining = Number.POSITIVE_INFINITY;
  private resetAt = 0;

  /**
   * Milliseconds until `amount` may be sent; 0 when it may now; infinite when the new window's allowance is used
   * up and no response has told when it ends yet (the caller waits for one of the requests in flight to answer).
   */
  waitFor(amount: number, now: number): number {
    this.roll(now);
    if (this.remaining >= Math.min(amount, this.limit ?? amount) && this.remaining > 0) return 0;
    return this.resetAt > now ? this.resetAt - now : Number.POSITIVE_INFINITY;
  }

  take(amount: number, now: number): void {
    this.roll(now);
    this.remaining -= amount;
  }

  /** A response's report; `sentSince` requests (or tokens) went out after the server counted this one. */
  report(reported: ReportedLimit | undefined, sentSince: number, now: number): void {
    if (!reported) return;
    if (reported.limit !== undefined) this.limit = reported.limit;
    if (reported.remaining === undefined || reported.resetInMs === undefined) return;
    const resetAt = now + reported.resetInMs;
    const remaining = reported.remaining - sentSince;
    // The latest window's count replaces ours; a late report of an earlier window can only lower it.
    if (resetAt >= this.resetAt) {
      this.remaining = remaining;
      this.resetAt = resetAt;
    } else {
      this.remaining = Math.min(this.remaining, remaining);
    }
  }

  /** The reported size of the window, when a response told it. */
  get reportedLimit(): number | undefined {
    return this.limit;
  }

  private roll(now: number): void {
    if (this.resetAt > 0 && now >= this.resetAt) {
      this.remaining = this.limit ?? Number.POSITIVE_INFINITY;
      this.resetAt = 0;
    }
  }
}
