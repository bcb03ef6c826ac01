import type { ScriptedResponse } from "../../../src/model/index.js";

/** One scripted assistant response as the mock server streams it; `reasoning` goes out before the text. */
export interface MockResponse extends ScriptedResponse {
  /** Reasoning text, streamed as the wire format's thinking/reasoning deltas. */
  reasoning?: string;
}

/** Token counts the server reports for every response, instead of its chars/4 estimate. */
export interface MockUsage {
  /** Prompt tokens, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  reasoningTokens?: number;
}

/** A failure injected into one request. */
export type MockFault =
  /** Answer with this HTTP status and the wire format's error body (plus `headers`, e.g. `retry-after`). */
  | { type: "status"; status: number; headers?: Record<string, string>; message?: string }
  /** Send the first `afterEvents` stream events, then destroy the connection. */
  | { type: "drop"; afterEvents: number }
  /** Send the first `afterEvents` stream events, then send nothing more until the client goes away. */
  | { type: "stall"; afterEvents: number }
  /**
   * Send the first `afterEvents` stream events, then the protocol's in-stream error event, then end. `code` is the
   * provider's error code (OpenAI `code`, Chat Completions `code`/`type`, Anthropic `error.type`); by default a
   * server error (`server_error`, `overloaded_error` for Anthropic).
   */
  | { type: "error-event"; afterEvents: number; message?: string; code?: string }
  /** Read the request, then never answer: no status line, no headers, until the client goes away. */
  | { type: "hang" }
  /**
   * Send the first `afterEvents` stream events, then `pings` SSE comment lines (`: ping`), one every `everyMs`, and
   * then the rest of the response: a stream that is alive (bytes flow) while no event arrives.
   */
  | { type: "keepalive"; afterEvents: number; pings: number; everyMs: number };

/** Options for `startMockLlmServer`. */
export interface MockLlmServerOptions {
  /** Response `i` answers a request whose conversation already holds `i` assistant responses. */
  responses: MockResponse[];
  /** `faults[n]` applies to the n-th request (0-based) the server receives; a hole means a normal answer. */
  faults?: Array<MockFault | undefined>;
  /** Characters per text/reasoning delta; by default word-sized pieces. */
  deltaSize?: number;
  /** Characters per tool-argument delta, so arguments always arrive split; default 7. */
  argumentsChunkSize?: number;
  /** Usage to report; by default estimated at four characters per token. */
  usage?: MockUsage;
  /** Vector length of `POST /v1/embeddings` answers (default 64; a request's `dimensions` wins). */
  embeddingDimensions?: number;
  /** A provider-style request limit per window: over it, requests are answered 429 (see `FixedWindowLimiter`). */
  rateLimit?: MockRateLimit;
  /**
   * Provider-like timing of normal answers: the first stream event after `firstTokenMs`, the rest spread over the
   * response's output tokens at `tokensPerSecond` (see {@link MockLatency}). Without it, frames go out at once.
   */
  latency?: MockLatency;
}

/**
 * How long a normal answer takes: its first event `firstTokenMs` after the request, its last `outputTokens /
 * tokensPerSecond` seconds after that (output tokens as reported in the usage). Frames due within one `tickMs`
 * (default 50) go out together, so a thousand concurrent streams cost the server a few timers each, not one per frame.
 */
export interface MockLatency {
  firstTokenMs: number;
  tokensPerSecond: number;
  tickMs?: number;
}

/** `requests` per fixed window of `windowMs`, shared by every request the server receives. */
export interface MockRateLimit {
  requests: number;
  windowMs: number;
}

/** Which wire format a request used. */
export type MockApi = "openai-responses" | "chat-completions" | "anthropic-messages" | "openai-embeddings";

/** A request the server received. */
export interface RecordedRequest {
  api: MockApi | "unknown";
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: unknown;
  /** The response index the conversation asked for, when the body could be read. */
  responseIndex?: number;
  /** The fault injected into this request, if any. */
  fault?: MockFault;
  /** When the request's headers arrived, on this process's `performance.now()` clock (benchmarks use it). */
  receivedAt: number;
  /** Answered 429 by the `rateLimit`. */
  rateLimited?: boolean;
  /** When the server finished a normal answer's stream (same clock as `receivedAt`). */
  endedAt?: number;
}

/** Everything a wire format needs to turn a scripted response into its stream. */
export interface StreamContext {
  response: MockResponse;
  index: number;
  model: string;
  usage: Required<MockUsage>;
  deltaSize: number | undefined;
  argumentsChunkSize: number;
  /** The request body (Chat Completions reads `stream_options.include_usage` from it). */
  body: Record<string, unknown>;
}

/** One provider wire format. */
export interface WireFormat {
  api: MockApi;
  /** The number of assistant responses in the request's conversation. */
  countAssistantResponses(body: Record<string, unknown>): number;
  /** The SSE frames of a response, in order, each a complete `event:`/`data:` block. */
  frames(context: StreamContext): string[];
  /** The SSE frame this API sends when an error interrupts a stream; `code` as in the `error-event` fault. */
  errorFrame(message: string, sequence: number, code?: string): string;
  /** The JSON error body this API sends with an error status. */
  errorBody(status: number, message: string): unknown;
}
