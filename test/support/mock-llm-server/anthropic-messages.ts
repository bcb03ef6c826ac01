import { asArray, asRecord, countRuns, namedFrame, textPieces } from "./sse.js";
import type { StreamContext, WireFormat } from "./types.js";

/** Anthropic Messages API: `POST /v1/messages` with `stream: true`. */
export const anthropicMessages: WireFormat = {
  api: "anthropic-messages",

  countAssistantResponses(body) {
    return countRuns(asArray(body.messages), (entry) => asRecord(entry).role === "assistant");
  },

  frames(context: StreamContext): string[] {
    const { response, index, model, usage } = context;
    const frames: string[] = [];
    const emit = (event: { type: string } & Record<string, unknown>) => frames.push(namedFrame(event));
    // Anthropic's input_tokens excludes cache reads; they are reported beside it.
    const uncachedInput = Math.max(0, usage.inputTokens - usage.cachedInputTokens);
    emit({
      type: "message_start",
      message: {
        id: `msg_${index}`,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: uncachedInput,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: usage.cachedInputTokens,
          output_tokens: 1,
        },
      },
    });
    emit({ type: "ping" });

    let block = 0;
    if (response.reasoning) {
      emit({ type: "content_block_start", index: block, content_block: { type: "thinking", thinking: "" } });
      for (const thinking of textPieces(response.reasoning, context.deltaSize)) {
        emit({ type: "content_block_delta", index: block, delta: { type: "thinking_delta", thinking } });
      }
      emit({
        type: "content_block_delta",
        index: block,
        delta: { type: "signature_delta", signature: `sig_${index}` },
      });
      emit({ type: "content_block_stop", index: block++ });
    }
    if (response.text) {
      emit({ type: "content_block_start", index: block, content_block: { type: "text", text: "" } });
      for (const text of textPieces(response.text, context.deltaSize)) {
        emit({ type: "content_block_delta", index: block, delta: { type: "text_delta", text } });
      }
      emit({ type: "content_block_stop", index: block++ });
    }
    const calls = response.toolCalls ?? [];
    for (const [i, call] of calls.entries()) {
      emit({
        type: "content_block_start",
        index: block,
        content_block: { type: "tool_use", id: `call_${index}_${i}`, name: call.name, input: {} },
      });
      for (const partial_json of textPieces(JSON.stringify(call.arguments), context.argumentsChunkSize)) {
        emit({
          type: "content_block_delta",
          index: block,
          delta: { type: "input_json_delta", partial_json },
        });
      }
      emit({ type: "content_block_stop", index: block++ });
    }
    emit({
      type: "message_delta",
      delta: { stop_reason: calls.length > 0 ? "tool_use" : "end_turn", stop_sequence: null },
      usage: {
        output_tokens: usage.outputTokens,
        ...(usage.reasoningTokens > 0
          ? { output_tokens_details: { thinking_tokens: usage.reasoningTokens } }
          : {}),
      },
    });
    emit({ type: "message_stop" });
    return frames;
  },

  errorFrame(message, _sequence, code = "overloaded_error") {
    return namedFrame({ type: "error", error: { type: code, message } });
  },

  errorBody(status, message) {
    const type =
      status === 429
        ? "rate_limit_error"
        : status === 529
          ? "overloaded_error"
          : status >= 500
            ? "api_error"
            : "invalid_request_error";
    return { type: "error", error: { type, message } };
  },
};
