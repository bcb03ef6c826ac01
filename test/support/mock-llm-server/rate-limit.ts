import type { MockApi, MockRateLimit } from "./types.js";

/** What the limiter decided for one request: whether it is over the limit, and the headers to send either way. */
export interface RateDecision {
  limited: boolean;
  headers: Record<string, string>;
  /** For a 429: when the server's window ends (its `retry-after`), on `Date.now()`'s clock. */
  retryAt?: number;
}

/**
 * A fixed-window request limit, like a provider's per-key limit: `requests` per `windowMs`, the first window
 * starting at the first request. Every answer carries the limit headers of its wire protocol (OpenAI
 * `x-ratelimit-*-requests` with a duration reset, Anthropic `anthropic-ratelimit-requests-*` with an RFC 3339
 * reset); a request over the limit is answered 429 with `retry-after` (whole seconds, rounded up, as both
 * providers send it) and, for the OpenAI protocols, `retry-after-ms`.
 */
export class FixedWindowLimiter {
  private windowStart = 0;
  private used = 0;

  constructor(private readonly limit: MockRateLimit) {}

  decide(api: MockApi, now: number = Date.now()): RateDecision {
    if (this.windowStart === 0 || now >= this.windowStart + this.limit.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    const limited = this.used >= this.limit.requests;
    if (!limited) this.used++;
    const resetAt = this.windowStart + this.limit.windowMs;
    const resetMs = Math.max(0, resetAt - now);
    const remaining = String(this.limit.requests - this.used);
    const headers: Record<string, string> =
      api === "anthropic-messages"
        ? {
            "anthropic-ratelimit-requests-limit": String(this.limit.requests),
            "anthropic-ratelimit-requests-remaining": remaining,
            "anthropic-ratelimit-requests-reset": new Date(resetAt).toISOString(),
          }
        : {
            "x-ratelimit-limit-requests": String(this.limit.requests),
            "x-ratelimit-remaining-requests": remaining,
            "x-ratelimit-reset-requests": `${resetMs}ms`,
          };
    if (!limited) return { limited, headers };
    headers["retry-after"] = String(Math.ceil(resetMs / 1000));
    if (api !== "anthropic-messages") headers["retry-after-ms"] = String(resetMs);
    return { limited, headers, retryAt: resetAt };
  }
}
