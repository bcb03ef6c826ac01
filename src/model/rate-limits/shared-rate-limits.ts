import { AbortedError, InvalidInputError } from "../../core/index.js";
import { readRateLimitHeaders } from "./rate-limit-headers.js";
import { ReportedWindow } from "./reported-window.js";
import type { GatePass, LimitKey, RequestGate } from "./request-gate.js";
import { TokenBucket } from "./token-bucket.js";

/** Limits for one provider, applied to each of its keys separately. */
export interface ProviderLimit {
  /** Requests in flight at once on one key. */
  maxConcurrent?: number;
  requestsPerMinute?: number;
  /** Estimated prompt tokens per minute (the request body's characters / 4). */
  tokensPerMinute?: number;
}

/** Options of {@link SharedRateLimits}. */
export interface SharedRateLimitsOptions {
  /** Per provider name (`openai`, `anthropic`, `openai-compatible`); providers not named are limited by headers only. */
  providers?: Record<string, ProviderLimit>;
  /** The shared backoff after a 429 without `retry-after`; doubles per 429 in a row, up to 60 s. Default 1000. */
  backoffMs?: number;
  /** Clock; tests may pin it. */
  now?: () => number;
}

/** One key's state, as {@link SharedRateLimits.snapshot} reports it. */
export interface LimitState {
  provider: string;
  keyHash: string;
  inFlight: number;
  waiting: number;
  maxConcurrent?: number;
  requests?: { perMinute: number; available: number };
  tokens?: { perMinute: number; available: number };
  /** Milliseconds left of the shared backoff (a 429's `retry-after`, or a reported `remaining: 0` until reset). */
  backoffMs: number;
  /** 429 responses seen on this key. */
  rateLimited: number;
  /** The last limits the provider reported in headers. */
  reported?: { requests?: number; tokens?: number };
}

interface Waiter {
  tokens: number;
  resolve: (pass: GatePass) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal;
  onAbort: () => void;
}

interface KeyState {
  key: LimitKey;
  limit: ProviderLimit;
  inFlight: number;
  waiters: Waiter[];
  requests?: TokenBucket;
  tokens?: TokenBucket;
  backoffUntil: number;
  rateLimited: number;
  /** 429s in a row without a success between, for the default backoff's doubling. */
  streak: number;
  timer?: NodeJS.Timeout;
  /** What the provider's headers said, per window. */
  learned: { requests: ReportedWindow; tokens: ReportedWindow };
}

/**
 * The in-process {@link RequestGate}: per provider key, a concurrency limit, request and token buckets, and one
 * shared backoff. Waiters are served strictly in arrival order, so a session that waited longest goes first and
 * no request is sent while a backoff is in force.
 *
 * @example
 * ```ts
 * const limits = new SharedRateLimits({ providers: { openai: { maxConcurrent: 8, requestsPerMinute: 500 } } });
 * const runtime = await Runtime.open({ requestGate: limits });
 * limits.snapshot(); // [{ provider: "openai", keyHash: "3f2a…", inFlight: 8, waiting: 42, backoffMs: 0, … }]
 * ```
 */
export class SharedRateLimits implements RequestGate {
  private readonly keys = new Map<string, KeyState>();
  private readonly now: () => number;
  private readonly backoffMs: number;

  constructor(private readonly options: SharedRateLimitsOptions = {}) {
    for (const [provider, limit] of Object.entries(options.providers ?? {}))
      for (const [name, value] of Object.entries(limit))
        if (value !== undefined && !(Number.isInteger(value) && value >= 1))
          throw new InvalidInputError(
            `Provider limit ${provider}.${name} must be a positive integer, got ${String(value)}.`,
          );
    this.now = options.now ?? Date.now;
    this.backoffMs = options.backoffMs ?? 1000;
  }

  /** The limits configured per provider. */
  get configured(): Record<string, ProviderLimit> {
    return { ...this.options.providers };
  }

  acquire(key: LimitKey, request: { estimatedTokens: number }, signal: AbortSignal): Promise<GatePass> {
    if (signal.aborted) return Promise.reject(new AbortedError());
    const state = this.stateOf(key);
    return new Promise<GatePass>((resolve, reject) => {
      const waiter: Waiter = {
        tokens: Math.max(0, Math.ceil(request.estimatedTokens)),
        resolve,
        reject,
        signal,
        onAbort: () => {
          const at = state.waiters.indexOf(waiter);
          if (at >= 0) state.waiters.splice(at, 1);
          reject(new AbortedError());
          this.dispatch(state);
        },
      };
      signal.addEventListener("abort", waiter.onAbort, { once: true });
      state.waiters.push(waiter);
      this.dispatch(state);
    });
  }

  /** Every key's state, for `pool.stats()`. */
  snapshot(): LimitState[] {
    const now = this.now();
    return [...this.keys.values()].map((state) => ({
      provider: state.key.provider,
      keyHash: state.key.keyHash,
      inFlight: state.inFlight,
      waiting: state.waiters.length,
      ...(state.limit.maxConcurrent !== undefined ? { maxConcurrent: state.limit.maxConcurrent } : {}),
      ...(state.requests
        ? {
            requests: {
              perMinute: state.requests.size,
              available: Math.floor(state.requests.available(now)),
            },
          }
        : {}),
      ...(state.tokens
        ? { tokens: { perMinute: state.tokens.size, available: Math.floor(state.tokens.available(now)) } }
        : {}),
      backoffMs: Math.max(0, state.backoffUntil - now),
      rateLimited: state.rateLimited,
      ...reportedOf(state),
    }));
  }

  private stateOf(key: LimitKey): KeyState {
    const id = `${key.provider}\0${key.keyHash}`;
    let state = this.keys.get(id);
    if (!state) {
      const limit = this.options.providers?.[key.provider] ?? {};
      const now = this.now();
      state = {
        key,
        limit,
        inFlight: 0,
        waiters: [],
        backoffUntil: 0,
        rateLimited: 0,
        streak: 0,
        learned: { requests: new ReportedWindow(), tokens: new ReportedWindow() },
      };
      if (limit.requestsPerMinute) state.requests = new TokenBucket(limit.requestsPerMinute, now);
      if (limit.tokensPerMinute) state.tokens = new TokenBucket(limit.tokensPerMinute, now);
      this.keys.set(id, state);
    }
    return state;
  }

  /** Lets waiters through from the head while every limit allows; else sleeps until the earliest one may. */
  private dispatch(state: KeyState): void {
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = undefined;
    }
    for (;;) {
      const head = state.waiters[0];
      if (!head) return;
      const now = this.now();
      if (state.limit.maxConcurrent !== undefined && state.inFlight >= state.limit.maxConcurrent) return;
      const waitMs = Math.max(
        state.backoffUntil - now,
        state.requests?.waitFor(1, now) ?? 0,
        state.tokens?.waitFor(head.tokens, now) ?? 0,
        state.learned.requests.waitFor(1, now),
        state.learned.tokens.waitFor(head.tokens, now),
      );
      // Infinite: the allowance is spent and only a response can say when it returns; without one in flight
      // (a provider that stopped sending the headers), go on rather than wait forever.
      if (waitMs === Number.POSITIVE_INFINITY && state.inFlight > 0) return;
      if (waitMs > 0 && waitMs !== Number.POSITIVE_INFINITY) {
        // Not unref'd: a request waiting out a backoff is work the process must stay alive for.
        state.timer = setTimeout(() => this.dispatch(state), waitMs);
        return;
      }
      state.waiters.shift();
      head.signal.removeEventListener("abort", head.onAbort);
      state.requests?.take(1, now);
      state.tokens?.take(head.tokens, now);
      state.learned.requests.take(1, now);
      state.learned.tokens.take(head.tokens, now);
      state.inFlight++;
      head.resolve(this.passFor(state));
    }
  }

  private passFor(state: KeyState): GatePass {
    let released = false;
    return {
      observe: (status, headers) => this.observe(state, status, headers),
      release: () => {
        if (released) return;
        released = true;
        state.inFlight--;
        this.dispatch(state);
      },
    };
  }

  private observe(state: KeyState, status: number, headers: Headers): void {
    const now = this.now();
    const report = readRateLimitHeaders(headers, now);
    // Others in flight were sent after the server counted this one: they are not in its `remaining` yet.
    const others = Math.max(0, state.inFlight - 1);
    state.requests?.report(report.requests?.remaining, report.requests?.limit, others, now);
    state.tokens?.report(report.tokens?.remaining, report.tokens?.limit, 0, now);
    state.learned.requests.report(report.requests, others, now);
    state.learned.tokens.report(report.tokens, 0, now);
    let until = state.backoffUntil;
    if (status === 429) {
      state.rateLimited++;
      state.streak++;
      const fallback = Math.min(60_000, this.backoffMs * 2 ** (state.streak - 1));
      until = Math.max(until, now + (report.retryAfterMs ?? fallback));
    } else if (status < 400) {
      state.streak = 0;
    }
    state.backoffUntil = until;
  }
}

function reportedOf(state: KeyState): { reported?: { requests?: number; tokens?: number } } {
  const requests = state.learned.requests.reportedLimit;
  const tokens = state.learned.tokens.reportedLimit;
  if (requests === undefined && tokens === undefined) return {};
  return {
    reported: {
      ...(requests !== undefined ? { requests } : {}),
      ...(tokens !== undefined ? { tokens } : {}),
    },
  };
}
