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
  | { kind: "stream"; detail: string; retryable: boolean; cause: unknown };

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

/** Provider error types (sent inside a stream) that mean "try again". */
const RETRYABLE_STREAM_ERRORS = /overloaded|rate_limit|server_error|api_error|timeout|internal/i;

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
  if (isRecord(error) && !(error instanceof Error)) {
    // An error object a provider sent inside the stream, e.g. Anthropic's {type: "overloaded_error", message}.
    const type = String(error.type ?? error.code ?? "error");
    const message = typeof error.message === "string" ? error.message : JSON.stringify(error);
    return {
      kind: "stream",
      detail: `${type}: ${message}`,
      retryable: RETRYABLE_STREAM_ERRORS.test(type),
      cause: error,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "stream", detail: message, retryable: false, cause: error };
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
