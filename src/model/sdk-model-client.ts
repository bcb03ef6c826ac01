import type {
  JSONSchema7,
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import { AbortedError, type ArtError, sleep, type Usage } from "../core/index.js";
import { type AttemptFailure, classifyFailure } from "./classify-failure.js";
import { ModelRequestError } from "./errors/model-request-error.js";
import { ModelStreamError } from "./errors/model-stream-error.js";
import { ModelUnreachableError } from "./errors/model-unreachable-error.js";
import type { ModelClient, ModelEvent, ModelRequest } from "./model-client.js";
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
  /** The variable the API key came from, for hints on 401/403. */
  apiKeyEnvVar?: string;
  /** Source of jitter; tests pin it. */
  random?: () => number;
}

/** Thrown inside an attempt when the stream carries an `error` part, so the retry loop can judge it. */
class StreamPartFailure {
  constructor(readonly error: unknown) {}
}

/**
 * A {@link ModelClient} over an AI SDK provider model, calling its `doStream` directly. An attempt that fails
 * before yielding anything is retried when the failure is retryable (429, 5xx, network), after a `retry` event;
 * once an event has been yielded a failure ends the stream, since the caller has already seen part of the answer.
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
    abortSignal: signal,
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
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw new AbortedError();
    let yielded = false;
    let failure: AttemptFailure;
    try {
      for await (const event of streamOnce(model, call, signal)) {
        yielded = true;
        yield event;
      }
      return;
    } catch (error) {
      if (signal.aborted || AbortedError.isAbort(error)) throw new AbortedError();
      failure = classifyFailure(error instanceof StreamPartFailure ? error.error : error);
    }
    const retryable = failure.kind === "network" || failure.retryable;
    if (yielded || !retryable || attempt > options.retry.maxRetries) {
      throw toArtError(failure, options, attempt, yielded);
    }
    const delayMs = retryDelayMs(
      attempt,
      options.retry,
      failure.kind === "http" ? failure.retryAfterMs : undefined,
      options.random,
    );
    const described = toArtError(failure, options, attempt, false);
    yield { type: "retry", attempt, delayMs, error: { code: described.code, message: described.message } };
    await sleep(delayMs, signal);
  }
}

/** One request: yields our events, and throws on any failure (including an `error` part). */
async function* streamOnce(
  model: LanguageModelV3,
  call: LanguageModelV3CallOptions,
  signal: AbortSignal,
): AsyncGenerator<ModelEvent> {
  const { stream } = await model.doStream(call);
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

function toArtError(
  failure: AttemptFailure,
  options: SdkModelClientOptions,
  attempts: number,
  midStream: boolean,
): ArtError {
  switch (failure.kind) {
    case "http":
      return new ModelRequestError({
        provider: options.provider,
        url: failure.url,
        status: failure.status,
        detail: failure.detail,
        attempts,
        cause: failure.cause,
        ...(options.apiKeyEnvVar ? { apiKeyEnvVar: options.apiKeyEnvVar } : {}),
      });
    case "network":
      if (midStream || failure.responseStarted) {
        return new ModelStreamError(
          options.provider,
          `the connection broke mid-response (${failure.reason})${attempts > 1 ? ` on each of ${attempts} attempts` : ""}`,
          {
            isRetryable: true,
            cause: failure.cause,
          },
        );
      }
      return new ModelUnreachableError({
        provider: options.provider,
        url: failure.url ?? options.baseUrl,
        attempts,
        reason: failure.reason,
        cause: failure.cause,
      });
    case "stream":
      return new ModelStreamError(options.provider, failure.detail, {
        isRetryable: failure.retryable,
        cause: failure.cause,
      });
  }
}
