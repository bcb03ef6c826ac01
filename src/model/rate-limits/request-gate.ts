import type { LimitState } from "./shared-rate-limits.js";

/**
 * Which limit a request counts against: the provider (`openai`, `anthropic`, `openai-compatible`) and a hash of its
 * API key and base URL. The key itself never reaches a gate, its state or its stats.
 */
export interface LimitKey {
  provider: string;
  /** The first 12 hex digits of sha256(baseUrl NUL apiKey). */
  keyHash: string;
}

/** Permission for one request attempt, from {@link RequestGate.acquire}. */
export interface GatePass {
  /** Feeds the attempt's response status and headers (`retry-after`, `x-ratelimit-*`, `anthropic-ratelimit-*`). */
  observe(status: number, headers: Headers): void;
  /** The attempt is over (answered, failed or abandoned); idempotent. */
  release(): void;
}

/**
 * Where the model client asks before each request attempt. One gate is shared by every session of a process (the
 * Runtime is given it), so a 429 seen by one session makes all sessions on that key wait on one backoff. The retry
 * budget stays the model client's: waiting at the gate costs no attempt. An implementation over PostgreSQL or Redis
 * can replace the in-process {@link SharedRateLimits} to share limits across processes.
 *
 * @example
 * ```ts
 * const pass = await gate.acquire({ provider: "openai", keyHash }, { estimatedTokens: 1200 }, signal);
 * try { const res = await fetch(url); pass.observe(res.status, res.headers); } finally { pass.release(); }
 * ```
 */
export interface RequestGate {
  /** Resolves when a request may go out now; rejects with an AbortedError when `signal` aborts first. */
  acquire(key: LimitKey, request: { estimatedTokens: number }, signal: AbortSignal): Promise<GatePass>;
  /** Each key's current state, for stats (keys appear once a request used them). */
  snapshot?(): LimitState[];
}
