import type { ConversationItem, Usage } from "../core/index.js";

/** A tool as offered to the model. */
export interface ModelToolSpec {
  name: string;
  description: string;
  /** JSON Schema (draft 2020-12 or 7) of the arguments object. */
  inputSchema: Record<string, unknown>;
}

/** One sampling request. */
export interface ModelRequest {
  /** System prompt (instructions, AGENTS.md, environment). */
  system: string;
  /** The conversation so far, oldest first. */
  items: ConversationItem[];
  tools: ModelToolSpec[];
  /** Cap on generated tokens, when the caller wants one. */
  maxOutputTokens?: number;
  /** Asks for text that is JSON valid against `schema`, where the provider supports structured output. */
  responseFormat?: { type: "json"; schema: Record<string, unknown>; name?: string };
}

/** What a model stream yields, in order; exactly one `finish` ends a successful stream. */
export type ModelEvent =
  | { type: "text.delta"; delta: string }
  | { type: "reasoning.delta"; delta: string }
  /** A complete tool call; `arguments` is the raw JSON text the model produced (may be invalid). */
  | { type: "tool.call"; callId: string; name: string; arguments: string }
  /**
   * The client is about to retry after a retryable failure. `attempt` is the 1-based number of the attempt that
   * failed and `maxAttempts` the request's whole budget (one counter for every kind of failure); `delayMs` is how
   * long the client waits. `discarded` is true when the failed attempt had already yielded events: the caller must
   * drop them, because the next attempt streams the whole response again from its start.
   */
  | {
      type: "retry";
      attempt: number;
      maxAttempts: number;
      delayMs: number;
      discarded: boolean;
      error: { code: string; message: string };
    }
  | { type: "finish"; finishReason: string; usage: Usage };

/** A model behind one provider. */
export interface ModelClient {
  /** The spec it was created from, e.g. `anthropic:claude-sonnet-4-5`. */
  readonly spec: string;
  /** Context window in tokens, used to decide when to compact. */
  readonly contextWindow: number;
  /** Streams one response. Aborting `signal` stops the request and ends the iteration with an AbortedError. */
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent>;
}
