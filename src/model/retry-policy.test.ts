import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { classifyFailure } from "./classify-failure.js";
import { attemptNote } from "./errors/attempt-note.js";
import { DEFAULT_RETRY_POLICY, retryDelayMs, serverRetryDelayMs } from "./retry-policy.js";

describe("retry delays", () => {
  it("back off exponentially with jitter between half and all of each step, capped", () => {
    const policy = { maxRetries: 10, initialDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((retry) => retryDelayMs(retry, policy, undefined, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((retry) => retryDelayMs(retry, policy, undefined, () => 1))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
  });

  it("prefer the server's retry-after, capped at the policy's maximum", () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, 2_500)).toBe(2_500);
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, 3_600_000)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
  });

  it("read retry-after-ms, retry-after seconds and retry-after dates", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(serverRetryDelayMs({ "Retry-After-Ms": "150", "retry-after": "9" }, now)).toBe(150);
    expect(serverRetryDelayMs({ "retry-after": "2" }, now)).toBe(2_000);
    expect(serverRetryDelayMs({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, now)).toBe(5_000);
    expect(serverRetryDelayMs({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(serverRetryDelayMs(undefined, now)).toBeUndefined();
  });
});

describe("classifyFailure", () => {
  const call = { url: "http://x/v1/responses", requestBodyValues: {} };

  it("sorts HTTP errors by status and keeps the server's delay", () => {
    const limited = new APICallError({
      ...call,
      message: "slow down",
      statusCode: 429,
      responseHeaders: { "retry-after": "1" },
    });
    expect(classifyFailure(limited)).toMatchObject({
      kind: "http",
      status: 429,
      retryable: true,
      retryAfterMs: 1_000,
    });
    const bad = new APICallError({ ...call, message: "bad", statusCode: 400 });
    expect(classifyFailure(bad)).toMatchObject({ kind: "http", status: 400, retryable: false });
  });

  it("sees connection failures through cause chains", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    expect(classifyFailure(new TypeError("fetch failed", { cause: refused }))).toMatchObject({
      kind: "network",
      reason: "connect ECONNREFUSED 127.0.0.1:9",
      responseStarted: false,
    });
  });

  it("treats provider error objects in the stream as retryable only when they say so", () => {
    expect(classifyFailure({ type: "overloaded_error", message: "Overloaded" })).toMatchObject({
      kind: "stream",
      detail: "overloaded_error: Overloaded",
      retryable: true,
    });
    expect(classifyFailure({ type: "invalid_request_error", message: "nope" })).toMatchObject({
      retryable: false,
    });
    expect(classifyFailure(new Error("Type validation failed"))).toMatchObject({
      kind: "stream",
      retryable: false,
    });
  });
});

describe("classifyFailure of in-stream error objects", () => {
  it.each([
    // OpenAI Responses, as the SDK passes it on: `type` is the generic "error", `code` says what happened.
    [
      { type: "error", code: "server_error", message: "boom", statusCode: 500, isRetryable: true },
      "server_error",
      true,
    ],
    [{ type: "error", code: "rate_limit_exceeded", message: "slow" }, "rate_limit_exceeded", true],
    [
      { type: "error", code: "insufficient_quota", message: "pay", statusCode: 429 },
      "insufficient_quota",
      false,
    ],
    [{ type: "error", code: "invalid_prompt", message: "no", isRetryable: false }, "invalid_prompt", false],
    [{ type: "response.failed", code: "server_error", message: "failed" }, "server_error", true],
    // Chat Completions nests the error.
    [{ error: { type: "server_error", code: null, message: "down" } }, "server_error", true],
    [
      { error: { type: "invalid_request_error", code: "context_length_exceeded", message: "long" } },
      "context_length_exceeded",
      false,
    ],
    // Anthropic.
    [{ type: "api_error", message: "Internal server error" }, "api_error", true],
    [{ type: "overloaded_error", message: "Overloaded" }, "overloaded_error", true],
    [{ type: "authentication_error", message: "bad key" }, "authentication_error", false],
    // Nothing but a status the SDK derived.
    [{ message: "odd", statusCode: 503 }, "error", true],
  ])("%j is %s, retryable: %s", (error, label, retryable) => {
    const failure = classifyFailure(error);
    expect(failure).toMatchObject({ kind: "stream", retryable });
    expect(failure.kind === "stream" && failure.detail.startsWith(`${label}: `)).toBe(true);
  });
});

describe("attemptNote", () => {
  const note = (earlier: string[], current: string, number = earlier.length + 1) =>
    attemptNote({ number, of: 5, earlier, current });

  it("shows nothing for a lone first attempt unless asked", () => {
    expect(note([], "HTTP 500")).toBe("");
    expect(attemptNote({ number: 1, of: 5, earlier: [], current: "HTTP 500" }, true)).toBe(
      " (attempt 1 of 5)",
    );
  });

  it("names what each earlier attempt got, folding runs, and says when all failed alike", () => {
    expect(note(["HTTP 429"], "HTTP 500")).toBe(" (attempt 2 of 5; attempt 1: HTTP 429)");
    expect(note(["HTTP 429", "HTTP 503", "HTTP 503"], "reset")).toBe(
      " (attempt 4 of 5; attempt 1: HTTP 429; attempts 2-3: HTTP 503)",
    );
    expect(note(["refused", "refused"], "refused")).toBe(" (attempt 3 of 5, every one failing the same way)");
  });
});
