/**
 * A bucket of `capacity` that refills continuously at `capacity` per minute, never above capacity. A provider's
 * report (`remaining` now, full again in `resetInMs`) pulls the level down and may lower the capacity: the server's
 * view wins over ours when it is stricter.
 */
export class TokenBucket {
  private level: number;
  private updatedAt: number;

  constructor(
    private capacity: number,
    now: number,
  ) {
    this.level = capacity;
    this.updatedAt = now;
  }

  /** The level now. */
  available(now: number): number {
    this.refill(now);
    return this.level;
  }

  get size(): number {
    return this.capacity;
  }

  /** Milliseconds until `amount` (capped at capacity, so a big request cannot wait forever) is available. */
  waitFor(amount: number, now: number): number {
    this.refill(now);
    const need = Math.min(amount, this.capacity) - this.level;
    return need <= 0 ? 0 : Math.ceil((need / this.capacity) * 60_000);
  }

  take(amount: number, now: number): void {
    this.refill(now);
    this.level -= Math.min(amount, this.capacity);
  }

  /** The server's count: `remaining` now (minus what we sent since, which it has not counted yet). */
  report(remaining: number | undefined, limit: number | undefined, inFlight: number, now: number): void {
    this.refill(now);
    if (limit !== undefined && limit > 0 && limit < this.capacity) this.capacity = limit;
    if (remaining !== undefined) this.level = Math.min(this.level, remaining - inFlight);
  }

  private refill(now: number): void {
    const elapsed = now - this.updatedAt;
    if (elapsed > 0) this.level = Math.min(this.capacity, this.level + (elapsed / 60_000) * this.capacity);
    this.updatedAt = now;
  }
}
