/** How a model client retries a failed request. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** Delay before the first retry; doubles for each further one. */
  initialDelayMs: number;
  /** Upper bound on any one delay, including one a server asked for with `retry-after`. */
  maxDelayMs: number;
}

/** Four retries, starting at half a second: about 7.5 s of waiting in all before giving up. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 4,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
});

/** How long a stream may send no bytes before the attempt is aborted and retried: two minutes. */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

/**
 * The delay before retry number `retry` (1-based): exponential backoff with "equal jitter" (between half and all of
 * the exponential step), so clients that failed together do not retry together. A server's `retry-after` wins when
 * it gave one, capped at `maxDelayMs`.
 */
export function retryDelayMs(
  retry: number,
  policy: RetryPolicy,
  serverDelayMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (serverDelayMs !== undefined) return Math.min(Math.max(0, serverDelayMs), policy.maxDelayMs);
  const step = Math.min(policy.initialDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return Math.round(step / 2 + (random() * step) / 2);
}

/**
 * The delay a server asked for in its response headers: `retry-after-ms` (OpenAI), or `retry-after` as seconds or
 * an HTTP date. Header names are matched case-insensitively.
 */
export function serverRetryDelayMs(
  headers: Record<string, string | undefined> | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  let afterMs: string | undefined;
  let after: string | undefined;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === "retry-after-ms") afterMs = value;
    else if (lower === "retry-after") after = value;
  }
  if (afterMs !== undefined) {
    const ms = Number(afterMs);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  if (after !== undefined) {
    const seconds = Number(after);
    if (after.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return undefined;
}
