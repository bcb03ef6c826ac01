import { describe, expect, it } from "vitest";
import { AbortedError } from "../../core/index.js";
import { readRateLimitHeaders } from "./rate-limit-headers.js";
import { SharedRateLimits } from "./shared-rate-limits.js";

const KEY = { provider: "openai", keyHash: "abc123def456" };
const request = { estimatedTokens: 10 };

/** Whether `promise` has settled once pending microtasks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe("readRateLimitHeaders", () => {
  it("reads OpenAI's durations and Anthropic's timestamps", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const openai = readRateLimitHeaders(
      new Headers({
        "x-ratelimit-limit-requests": "500",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": "1m6.5s",
        "x-ratelimit-remaining-tokens": "900",
        "x-ratelimit-reset-tokens": "20ms",
        "retry-after-ms": "250",
      }),
      now,
    );
    expect(openai).toEqual({
      retryAfterMs: 250,
      requests: { limit: 500, remaining: 0, resetInMs: 66_500 },
      tokens: { remaining: 900, resetInMs: 20 },
    });
    const anthropic = readRateLimitHeaders(
      new Headers({
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "3",
        "anthropic-ratelimit-requests-reset": "2026-01-01T00:00:02Z",
        "retry-after": "7",
      }),
      now,
    );
    expect(anthropic).toEqual({ retryAfterMs: 7000, requests: { limit: 50, remaining: 3, resetInMs: 2000 } });
  });

  it("skips malformed values instead of failing", () => {
    expect(
      readRateLimitHeaders(new Headers({ "x-ratelimit-reset-requests": "soon", "retry-after": "x" })),
    ).toEqual({});
  });
});

describe("SharedRateLimits", () => {
  it("holds requests over the concurrency limit until one is released, in arrival order", async () => {
    const limits = new SharedRateLimits({ providers: { openai: { maxConcurrent: 1 } } });
    const signal = new AbortController().signal;
    const first = await limits.acquire(KEY, request, signal);
    const second = limits.acquire(KEY, request, signal);
    const third = limits.acquire(KEY, request, signal);
    expect(await settled(second)).toBe(false);
    expect(limits.snapshot()[0]).toMatchObject({ inFlight: 1, waiting: 2, maxConcurrent: 1 });
    first.release();
    first.release(); // idempotent: does not free a second slot
    expect(await settled(second)).toBe(true);
    expect(await settled(third)).toBe(false);
    (await second).release();
    (await third).release();
    expect(limits.snapshot()[0]).toMatchObject({ inFlight: 0, waiting: 0 });
  });

  it("gives up a waiter's place when its signal aborts", async () => {
    const limits = new SharedRateLimits({ providers: { openai: { maxConcurrent: 1 } } });
    const held = await limits.acquire(KEY, request, new AbortController().signal);
    const abort = new AbortController();
    const waiting = limits.acquire(KEY, request, abort.signal);
    abort.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(limits.snapshot()[0]?.waiting).toBe(0);
    held.release();
  });

  it("makes every request on the key wait out a 429's retry-after, and other keys not", async () => {
    const limits = new SharedRateLimits();
    const stop = new AbortController();
    const signal = stop.signal;
    const pass = await limits.acquire(KEY, request, signal);
    pass.observe(429, new Headers({ "retry-after-ms": "60000" }));
    pass.release();
    const blocked = limits.acquire(KEY, request, signal);
    expect(await settled(blocked)).toBe(false);
    expect(limits.snapshot()[0]).toMatchObject({ rateLimited: 1, waiting: 1 });
    expect(limits.snapshot()[0]?.backoffMs).toBeGreaterThan(50_000);
    const other = await limits.acquire({ provider: "openai", keyHash: "ffffffffffff" }, request, signal);
    other.release();
    expect(await settled(blocked)).toBe(false);
    stop.abort();
    await expect(blocked).rejects.toBeInstanceOf(AbortedError);
  });

  it("paces a burst at the reported window once remaining reaches 0", async () => {
    const limits = new SharedRateLimits();
    const stop = new AbortController();
    const signal = stop.signal;
    const pass = await limits.acquire(KEY, request, signal);
    pass.observe(
      200,
      new Headers({
        "x-ratelimit-limit-requests": "2",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": "1m",
      }),
    );
    pass.release();
    const next = limits.acquire(KEY, request, signal);
    expect(await settled(next)).toBe(false);
    expect(limits.snapshot()[0]?.reported).toEqual({ requests: 2 });
    stop.abort();
    await expect(next).rejects.toBeInstanceOf(AbortedError);
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => new SharedRateLimits({ providers: { openai: { maxConcurrent: 0 } } })).toThrow(
      /openai\.maxConcurrent must be a positive integer/,
    );
  });
});
