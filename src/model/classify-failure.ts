import { APICallError } from "@ai-sdk/provider";
import { serverRetryDelayMs } from "./retry-policy.js";

/** What went wrong with one attempt, in the terms the retry loop needs. */
export type AttemptFailure =
  /** The server answered with an error status. */
  | {
      kind: "http";
      status: number;
      url: string;
      detail: string;
      retryable: boolean;
      retryAfterMs: number | undefined;
      cause: unknown;
    }
  /**
   * No usable connection: refused, reset, DNS, socket closed mid-stream. Always worth retrying. `responseStarted`
   * tells a connection that broke during a successful response from one that never got an answer.
   */
  | { kind: "network"; url: string | undefined; reason: string; responseStarted: boolean; cause: unknown }
  /** The stream carried an error, or could not be parsed. */
  | { kind: "stream"; detail: string; retryable: boolean; cause: unknown }
  /** No bytes arrived for the idle timeout; `responseStarted` when the response headers had come. */
  | { kind: "idle"; responseStarted: boolean };

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

/** Provider error codes and types (sent inside a stream) that mean "try again". */
const RETRYABLE_STREAM_ERRORS = /overloaded|rate_limit|server_error|api_error|timeout|internal|unavailable/i;
/** Ones that mean "this request will never work": checked first, so `insufficient_quota` is not a rate limit. */
const FINAL_STREAM_ERRORS =
  /insufficient_quota|invalid|context_length|not_found|authentication|permission|billing|content_filter/i;

/** Sorts an error thrown by `doStream`, by reading its stream, or carried by an `error` stream part. */
export function classifyFailure(error: unknown): AttemptFailure {
  if (APICallError.isInstance(error)) {
    // The SDK reports a body that broke off during a successful response with that response's (2xx) status.
    const responseStarted = error.statusCode !== undefined && error.statusCode < 400;
    if (error.statusCode !== undefined && !responseStarted) {
      return {
        kind: "http",
        status: error.statusCode,
        url: error.url,
        detail: error.message,
        retryable: error.isRetryable,
        retryAfterMs: serverRetryDelayMs(error.responseHeaders),
        cause: error,
      };
    }
    const network = networkReason(error);
    if (network !== undefined || error.isRetryable) {
      return {
        kind: "network",
        url: error.url,
        reason: network ?? error.message,
        responseStarted,
        cause: error,
      };
    }
    return { kind: "stream", detail: error.message, retryable: false, cause: error };
  }
  const network = networkReason(error);
  if (network !== undefined) {
    return { kind: "network", url: undefined, reason: network, responseStarted: false, cause: error };
  }
  if (isRecord(error) && !(error instanceof Error)) return providerStreamError(error);
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "stream", detail: message, retryable: false, cause: error };
}

/**
 * An error object a provider sent inside the stream: OpenAI's `{type: "error", code: "server_error", ...}` (the
 * SDK adds `statusCode` and `isRetryable`), Anthropic's `{type: "overloaded_error", message}`, Chat Completions'
 * `{error: {type, code, message}}`. Every code and type is read, not just the first present: OpenAI's `type` is the
 * generic word "error" while its `code` says what happened.
 */
function providerStreamError(error: Record<string, unknown>): AttemptFailure {
  const nested = isRecord(error.error) ? error.error : {};
  const names = [error.code, error.type, nested.code, nested.type]
    .filter((name) => typeof name === "string" || typeof name === "number")
    .map(String)
    .filter((name) => name !== "error" && name !== "");
  const label = names[0] ?? "error";
  const message =
    typeof error.message === "string"
      ? error.message
      : typeof nested.message === "string"
        ? nested.message
        : JSON.stringify(error);
  const joined = names.join(" ");
  const status = typeof error.statusCode === "number" ? error.statusCode : undefined;
  const retryable = FINAL_STREAM_ERRORS.test(joined)
    ? false
    : RETRYABLE_STREAM_ERRORS.test(joined) ||
      (status !== undefined && (status === 408 || status === 409 || status === 429 || status >= 500)) ||
      error.isRetryable === true;
  return { kind: "stream", detail: `${label}: ${message}`, retryable, cause: error };
}

/** A one-line reason when `error` (or anything in its cause chain) is a connection-level failure. */
function networkReason(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && isRecord(current); depth++) {
    const code = typeof current.code === "string" ? current.code : undefined;
    if (code !== undefined && NETWORK_CODES.has(code)) {
      const message = typeof current.message === "string" ? current.message : code;
      return message.includes(code) ? message : `${code} (${message})`;
    }
    if (
      current instanceof TypeError &&
      (current.message === "terminated" || current.message === "fetch failed")
    ) {
      const inner = networkReason(current.cause);
      return (
        inner ?? (current.message === "terminated" ? "the connection closed mid-response" : "fetch failed")
      );
    }
    current = current.cause;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
