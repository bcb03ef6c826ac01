import { asArray, asRecord, countRuns, dataFrame, textPieces } from "./sse.js";
import type { StreamContext, WireFormat } from "./types.js";

/** OpenAI Chat Completions (and the servers that copy it): `POST /v1/chat/completions` with `stream: true`. */
export const chatCompletions: WireFormat = {
  api: "chat-completions",

  countAssistantResponses(body) {
    return countRuns(asArray(body.messages), (entry) => asRecord(entry).role === "assistant");
  },

  frames(context: StreamContext): string[] {
    const { response, index, model, usage } = context;
    const frames: string[] = [];
    const base = {
      id: `chatcmpl-${index}`,
      object: "chat.completion.chunk",
      created: 1_700_000_000 + index,
      model,
    };
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
      frames.push(
        dataFrame({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] }),
      );

    chunk({ role: "assistant", content: "" });
    for (const piece of textPieces(response.reasoning ?? "", context.deltaSize))
      chunk({ reasoning_content: piece });
    for (const piece of textPieces(response.text ?? "", context.deltaSize)) chunk({ content: piece });
    const calls = response.toolCalls ?? [];
    for (const [i, call] of calls.entries()) {
      chunk({
        tool_calls: [
          {
            index: i,
            id: `call_${index}_${i}`,
            type: "function",
            function: { name: call.name, arguments: "" },
          },
        ],
      });
      for (const piece of textPieces(JSON.stringify(call.arguments), context.argumentsChunkSize)) {
        chunk({ tool_calls: [{ index: i, function: { arguments: piece } }] });
      }
    }
    chunk({}, calls.length > 0 ? "tool_calls" : "stop");
    if (asRecord(context.body.stream_options).include_usage === true) {
      frames.push(
        dataFrame({
          ...base,
          choices: [],
          usage: {
            prompt_tokens: usage.inputTokens,
            completion_tokens: usage.outputTokens,
            total_tokens: usage.inputTokens + usage.outputTokens,
            prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
            completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
          },
        }),
      );
    }
    frames.push(dataFrame("[DONE]"));
    return frames;
  },

  errorFrame(message, _sequence, code = "server_error") {
    return dataFrame({ error: { message, type: code, param: null, code } });
  },

  errorBody(status, message) {
    const type =
      status === 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
    return { error: { message, type, param: null, code: type } };
  },
};
