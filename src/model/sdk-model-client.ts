import type {
  JSONSchema7,
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import { AbortedError, type ArtError, sleep, type Usage } from "../core/index.js";
import type { ByteActivity } from "./byte-activity.js";
import { type AttemptFailure, classifyFailure } from "./classify-failure.js";
import type { AttemptInfo } from "./errors/attempt-note.js";
import { formatSeconds, ModelIdleTimeoutError } from "./errors/model-idle-timeout-error.js";
import { ModelRequestError } from "./errors/model-request-error.js";
import { ModelStreamError } from "./errors/model-stream-error.js";
import { ModelUnreachableError } from "./errors/model-unreachable-error.js";
import { IdleWatch } from "./idle-watch.js";
import type { ModelClient, ModelEvent, ModelRequest } from "./model-client.js";
import type { HeaderTap } from "./rate-limits/header-tap.js";
import type { GatePass } from "./rate-limits/request-gate.js";
import { type RetryPolicy, retryDelayMs } from "./retry-policy.js";
import { toProviderPrompt, toProviderTools } from "./to-provider-prompt.js";

/** What {@link sdkModelClient} needs besides the model. */
export interface SdkModelClientOptions {
  spec: string;
  /** Provider name for messages, e.g. `OpenAI`. */
  provider: string;
  /** Base URL requests go to, for messages. */
  baseUrl: string;
  contextWindow: number;
  retry: RetryPolicy;
  /** An attempt that receives no bytes for this long is aborted and counts as a retryable failure. */
  idleTimeoutMs: number;
  /** The byte-level activity of the provider's fetch; without it, only stream parts restart the idle clock. */
  activity?: ByteActivity;
  /** The variable the API key came from, for hints on 401/403. */
  apiKeyEnvVar?: string;
  /** Source of jitter; tests pin it. */
  random?: () => number;
  /**
   * Shared limits: each attempt first waits for a pass (which costs no attempt of the retry budget), and the
   * `tap` feeds the attempt's response headers to it.
   */
  gate?: { acquire(estimatedTokens: number, signal: AbortSignal): Promise<GatePass>; tap: HeaderTap };
}

/** Thrown inside an attempt when the stream carries an `error` part, so the retry loop can judge it. */
class StreamPartFailure {
  constructor(readonly error: unknown) {}
}

/**
 * A {@link ModelClient} over an AI SDK provider model, calling its `doStream` directly. The client owns the one
 * retry budget of a request: any retryable failure (429, 5xx, network, an in-stream server error, an idle stream),
 * before the first event or in the middle of the answer, costs one attempt of the same counter. A retry after
 * events were yielded is announced with `discarded: true`, and the next attempt streams the response from its start.
 */
export function sdkModelClient(model: LanguageModelV3, options: SdkModelClientOptions): ModelClient {
  return {
    spec: options.spec,
    contextWindow: options.contextWindow,
    stream: (request, signal) => streamWithRetries(model, options, request, signal),
  };
}

async function* streamWithRetries(
  model: LanguageModelV3,
  options: SdkModelClientOptions,
  request: ModelRequest,
  signal: AbortSignal,
): AsyncGenerator<ModelEvent> {
  const call: LanguageModelV3CallOptions = {
    prompt: toProviderPrompt(request),
    ...(request.tools.length > 0
      ? { tools: toProviderTools(request.tools), toolChoice: { type: "auto" } }
      : {}),
    ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
    ...(request.responseFormat
      ? {
          responseFormat: {
            type: "json",
            schema: request.responseFormat.schema as JSONSchema7,
            name: request.responseFormat.name ?? "final_output",
          },
        }
      : {}),
  };
  const maxAttempts = options.retry.maxRetries + 1;
  const earlier: string[] = [];
  const estimatedTokens = options.gate ? Math.ceil(JSON.stringify(call.prompt).length / 4) : 0;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw new AbortedError();
    let yielded = false;
    let failure: AttemptFailure;
    // Waiting for the shared limits happens before the idle clock starts: a long backoff is not a dead stream.
    const pass = await options.gate?.acquire(estimatedTokens, signal);
    const watch = new IdleWatch(options.idleTimeoutMs, signal);
    const unbind = pass ? options.gate?.tap.bind(watch.signal, pass) : undefined;
    const stopListening = options.activity?.listen(watch.signal, () => watch.touch());
    try {
      for await (const event of streamOnce(model, { ...call, abortSignal: watch.signal }, watch)) {
        yielded = true;
        yield event;
      }
      return;
    } catch (error) {
      if (signal.aborted) throw new AbortedError();
      if (watch.fired) failure = { kind: "idle", responseStarted: watch.responded };
      else if (AbortedError.isAbort(error)) throw new AbortedError();
      else failure = classifyFailure(error instanceof StreamPartFailure ? error.error : error);
    } finally {
      stopListening?.();
      unbind?.();
      pass?.release();
      watch.stop();
    }
    const current = summarize(failure, options.idleTimeoutMs);
    const attemptInfo = { number: attempt, of: maxAttempts, earlier: [...earlier], current };
    const retryable = failure.kind === "network" || failure.kind === "idle" || failure.retryable;
    if (!retryable || attempt >= maxAttempts) throw toArtError(failure, options, attemptInfo, yielded, false);
    const delayMs = retryDelayMs(
      attempt,
      options.retry,
      failure.kind === "http" ? failure.retryAfterMs : undefined,
      options.random,
    );
    const described = toArtError(failure, options, attemptInfo, yielded, true);
    yield {
      type: "retry",
      attempt,
      maxAttempts,
      delayMs,
      discarded: yielded,
      error: { code: described.code, message: described.message },
    };
    earlier.push(current);
    await sleep(delayMs, signal);
  }
}

/** One request: yields our events, and throws on any failure (including an `error` part). */
async function* streamOnce(
  model: LanguageModelV3,
  call: LanguageModelV3CallOptions,
  watch: IdleWatch,
): AsyncGenerator<ModelEvent> {
  const signal = watch.signal;
  const { stream } = await model.doStream(call);
  watch.touch();
  const reader = stream.getReader();
  // Fetch aborts the body too, but cancelling the reader ends a pending read at once whatever the provider does.
  const onAbort = () => {
    reader.cancel().catch(() => {});
  };
  signal.addEventListener("abort", onAbort, { once: true });
  let finish: ModelEvent | undefined;
  let drained = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw new AbortedError();
      if (done) {
        drained = true;
        break;
      }
      watch.touch();
      const event = toModelEvent(value);
      if (event === undefined) continue;
      if (event.type === "finish") finish = event;
      else yield event;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    // Stopped early (consumer broke off, or a failure): close the HTTP response rather than leave it streaming.
    if (!drained) reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  if (!finish) throw new StreamPartFailure(new Error("the stream ended without a finish event"));
  yield finish;
}

function toModelEvent(part: LanguageModelV3StreamPart): ModelEvent | undefined {
  switch (part.type) {
    case "text-delta":
      return part.delta.length > 0 ? { type: "text.delta", delta: part.delta } : undefined;
    case "reasoning-delta":
      return part.delta.length > 0 ? { type: "reasoning.delta", delta: part.delta } : undefined;
    case "tool-call":
      if (part.providerExecuted) return undefined;
      return { type: "tool.call", callId: part.toolCallId, name: part.toolName, arguments: part.input };
    case "finish":
      return { type: "finish", finishReason: part.finishReason.unified, usage: toUsage(part.usage) };
    case "error":
      throw new StreamPartFailure(part.error);
    default:
      return undefined;
  }
}

function toUsage(usage: Extract<LanguageModelV3StreamPart, { type: "finish" }>["usage"]): Usage {
  return {
    inputTokens: usage.inputTokens.total ?? 0,
    outputTokens: usage.outputTokens.total ?? 0,
    cachedInputTokens: usage.inputTokens.cacheRead ?? 0,
    reasoningTokens: usage.outputTokens.reasoning ?? 0,
  };
}

/** One short line for an earlier attempt in a later message, e.g. `HTTP 429` or `connection refused`. */
function summarize(failure: AttemptFailure, idleTimeoutMs: number): string {
  switch (failure.kind) {
    case "http":
      return `HTTP ${failure.status}`;
    case "network":
      return failure.responseStarted ? `connection broke mid-response (${failure.reason})` : failure.reason;
    case "stream":
      return failure.detail;
    case "idle":
      return `nothing for ${formatSeconds(idleTimeoutMs)}`;
  }
}

function toArtError(
  failure: AttemptFailure,
  options: SdkModelClientOptions,
  attempt: AttemptInfo,
  midStream: boolean,
  showAttempt: boolean,
): ArtError {
  switch (failure.kind) {
    case "http":
      return new ModelRequestError({
        provider: options.provider,
        url: failure.url,
        status: failure.status,
        detail: failure.detail,
        attempt,
        showAttempt,
        cause: failure.cause,
        ...(options.apiKeyEnvVar ? { apiKeyEnvVar: options.apiKeyEnvVar } : {}),
      });
    case "network":
      if (midStream || failure.responseStarted) {
        return new ModelStreamError(
          options.provider,
          `the connection broke mid-response (${failure.reason})`,
          {
            isRetryable: true,
            attempt,
            showAttempt,
            cause: failure.cause,
          },
        );
      }
      return new ModelUnreachableError({
        provider: options.provider,
        url: failure.url ?? options.baseUrl,
        attempt,
        showAttempt,
        reason: failure.reason,
        cause: failure.cause,
      });
    case "stream":
      return new ModelStreamError(options.provider, failure.detail, {
        isRetryable: failure.retryable,
        attempt,
        showAttempt,
        cause: failure.cause,
      });
    case "idle":
      return new ModelIdleTimeoutError({
        provider: options.provider,
        url: options.baseUrl,
        idleTimeoutMs: options.idleTimeoutMs,
        attempt,
        showAttempt,
      });
  }
}
