import { asArray, asRecord, countRuns, namedFrame, textPieces } from "./sse.js";
import type { StreamContext, WireFormat } from "./types.js";

/** OpenAI Responses API: `POST /v1/responses` with `stream: true`. */
export const openaiResponses: WireFormat = {
  api: "openai-responses",

  countAssistantResponses(body) {
    // Input items: messages ({role}), function_call, function_call_output, reasoning, item_reference, ...
    return countRuns(asArray(body.input), (entry) => {
      const item = asRecord(entry);
      return item.role === "assistant" || item.type === "function_call" || item.type === "reasoning";
    });
  },

  frames(context: StreamContext): string[] {
    const { response, index, model, usage } = context;
    const frames: string[] = [];
    let sequence = 0;
    const emit = (event: { type: string } & Record<string, unknown>) => {
      frames.push(namedFrame({ ...event, sequence_number: sequence++ }));
    };
    const id = `resp_${index}`;
    const createdAt = 1_700_000_000 + index;
    const base = { id, object: "response", created_at: createdAt, model };
    const output: unknown[] = [];
    emit({ type: "response.created", response: { ...base, status: "in_progress", output: [] } });
    emit({ type: "response.in_progress", response: { ...base, status: "in_progress", output: [] } });

    if (response.reasoning) {
      const itemId = `rs_${index}`;
      const outputIndex = output.length;
      emit({
        type: "response.output_item.added",
        output_index: outputIndex,
        item: { type: "reasoning", id: itemId, summary: [] },
      });
      emit({
        type: "response.reasoning_summary_part.added",
        item_id: itemId,
        output_index: outputIndex,
        summary_index: 0,
        part: { type: "summary_text", text: "" },
      });
      for (const delta of textPieces(response.reasoning, context.deltaSize)) {
        emit({
          type: "response.reasoning_summary_text.delta",
          item_id: itemId,
          output_index: outputIndex,
          summary_index: 0,
          delta,
        });
      }
      emit({
        type: "response.reasoning_summary_part.done",
        item_id: itemId,
        output_index: outputIndex,
        summary_index: 0,
        part: { type: "summary_text", text: response.reasoning },
      });
      const item = {
        type: "reasoning",
        id: itemId,
        summary: [{ type: "summary_text", text: response.reasoning }],
      };
      output.push(item);
      emit({ type: "response.output_item.done", output_index: outputIndex, item });
    }

    if (response.text) {
      const itemId = `msg_${index}`;
      const outputIndex = output.length;
      const where = { item_id: itemId, output_index: outputIndex, content_index: 0 };
      emit({
        type: "response.output_item.added",
        output_index: outputIndex,
        item: { type: "message", id: itemId, status: "in_progress", role: "assistant", content: [] },
      });
      emit({
        type: "response.content_part.added",
        ...where,
        part: { type: "output_text", text: "", annotations: [] },
      });
      for (const delta of textPieces(response.text, context.deltaSize)) {
        emit({ type: "response.output_text.delta", ...where, delta, logprobs: [] });
      }
      emit({ type: "response.output_text.done", ...where, text: response.text, logprobs: [] });
      const part = { type: "output_text", text: response.text, annotations: [] };
      emit({ type: "response.content_part.done", ...where, part });
      const item = { type: "message", id: itemId, status: "completed", role: "assistant", content: [part] };
      output.push(item);
      emit({ type: "response.output_item.done", output_index: outputIndex, item });
    }

    for (const [i, call] of (response.toolCalls ?? []).entries()) {
      const itemId = `fc_${index}_${i}`;
      const outputIndex = output.length;
      const args = JSON.stringify(call.arguments);
      const item = { type: "function_call", id: itemId, call_id: `call_${index}_${i}`, name: call.name };
      emit({
        type: "response.output_item.added",
        output_index: outputIndex,
        item: { ...item, arguments: "", status: "in_progress" },
      });
      for (const delta of textPieces(args, context.argumentsChunkSize)) {
        emit({
          type: "response.function_call_arguments.delta",
          item_id: itemId,
          output_index: outputIndex,
          delta,
        });
      }
      emit({
        type: "response.function_call_arguments.done",
        item_id: itemId,
        output_index: outputIndex,
        arguments: args,
      });
      const done = { ...item, arguments: args, status: "completed" };
      output.push(done);
      emit({ type: "response.output_item.done", output_index: outputIndex, item: done });
    }

    emit({
      type: "response.completed",
      response: {
        ...base,
        status: "completed",
        output,
        usage: {
          input_tokens: usage.inputTokens,
          input_tokens_details: { cached_tokens: usage.cachedInputTokens },
          output_tokens: usage.outputTokens,
          output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
          total_tokens: usage.inputTokens + usage.outputTokens,
        },
      },
    });
    return frames;
  },

  errorFrame(message, sequence, code = "server_error") {
    return namedFrame({
      type: "error",
      code,
      message,
      param: null,
      sequence_number: sequence,
    });
  },

  errorBody(status, message) {
    const type =
      status === 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
    return { error: { message, type, param: null, code: type } };
  },
};
