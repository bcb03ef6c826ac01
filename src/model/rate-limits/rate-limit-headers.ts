import { serverRetryDelayMs } from "../retry-policy.js";

/** One limit as a provider reported it: how many per window, how many are left, and when it fills up again. */
export interface ReportedLimit {
  limit?: number;
  remaining?: number;
  /** Milliseconds from the response until the window resets. */
  resetInMs?: number;
}

/** What a response's headers say about the key's limits. */
export interface RateLimitReport {
  /** `retry-after-ms` / `retry-after`: how long the server wants every request on this key to wait. */
  retryAfterMs?: number;
  requests?: ReportedLimit;
  tokens?: ReportedLimit;
}

/**
 * Reads OpenAI's `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` (reset as a Go-style duration, `6m0s`,
 * `20ms`) and Anthropic's `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}` (reset as an RFC 3339
 * time), plus `retry-after(-ms)`. Unknown or malformed values are skipped: a header never breaks a request.
 *
 * @example
 * ```ts
 * readRateLimitHeaders(response.headers).requests?.remaining; // 0 means: wait for resetInMs
 * ```
 */
export function readRateLimitHeaders(headers: Headers, now: number = Date.now()): RateLimitReport {
  const get = (name: string) => headers.get(name) ?? undefined;
  const retryAfterMs = serverRetryDelayMs(
    { "retry-after-ms": get("retry-after-ms"), "retry-after": get("retry-after") },
    now,
  );
  const report: RateLimitReport = {};
  if (retryAfterMs !== undefined) report.retryAfterMs = retryAfterMs;
  for (const kind of ["requests", "tokens"] as const) {
    const limit: ReportedLimit = {};
    const openaiLimit = count(get(`x-ratelimit-limit-${kind}`));
    const anthropicLimit = count(get(`anthropic-ratelimit-${kind}-limit`));
    const max = openaiLimit ?? anthropicLimit;
    if (max !== undefined) limit.limit = max;
    const remaining =
      count(get(`x-ratelimit-remaining-${kind}`)) ?? count(get(`anthropic-ratelimit-${kind}-remaining`));
    if (remaining !== undefined) limit.remaining = remaining;
    const reset =
      durationMs(get(`x-ratelimit-reset-${kind}`)) ?? untilMs(get(`anthropic-ratelimit-${kind}-reset`), now);
    if (reset !== undefined) limit.resetInMs = reset;
    if (Object.keys(limit).length > 0) report[kind] = limit;
  }
  return report;
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** `1h2m3.5s`, `20ms`, `0.5s`, or a bare number of seconds. */
function durationMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) return undefined;
  return parts.reduce((sum, part) => sum + Number(part[1]) * (UNIT_MS[part[2]!] ?? 0), 0);
}

function untilMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
