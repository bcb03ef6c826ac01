import { z } from "zod";
import { AbortedError, InvalidInputError } from "../../core/index.js";
import { ScriptExhaustedError } from "../errors/script-exhausted-error.js";
import type { ModelClient, ModelEvent, ModelRequest } from "../model-client.js";
import { countAssistantResponses } from "./count-assistant-responses.js";
import { estimateTokens, requestChars } from "./estimate-tokens.js";
import { ScriptedResponse } from "./script.js";

/** Options for {@link scriptedModelFromResponses}. */
export interface ScriptedModelOptions {
  /** The spec the client reports; defaults to `scripted:<in-memory>`. */
  spec?: string;
  /** Where the responses came from, for error messages; defaults to `in-memory script`. */
  source?: string;
  /** Context window the client reports; defaults to 200,000 tokens. */
  contextWindow?: number;
  /**
   * Characters per `text.delta`. By default text streams in word-sized pieces (a word with the whitespace after
   * it); a number cuts it into pieces of that many characters, so a benchmark can ask for exactly N deltas.
   */
  deltaSize?: number;
}

const DEFAULT_CONTEXT_WINDOW = 200_000;
const WORD = /\S+\s*|\s+/g;

/**
 * A model that answers from a fixed list of responses, with no network and no timers. The response for a sampling
 * step is the one whose index equals the number of assistant responses already in the conversation (see
 * `countAssistantResponses`), so resume and fork replay the same script. Tool call ids are
 * `call_<responseIndex>_<callIndex>`; usage is estimated at four characters per token.
 */
export function scriptedModelFromResponses(
  responses: readonly ScriptedResponse[],
  options: ScriptedModelOptions = {},
): ModelClient {
  const parsed = z.array(ScriptedResponse).safeParse(responses);
  if (!parsed.success) {
    throw new InvalidInputError(
      `Scripted responses are malformed: ${parsed.error.issues[0]?.message ?? "unknown"}.`,
      {
        cause: parsed.error,
      },
    );
  }
  const deltaSize = options.deltaSize;
  if (deltaSize !== undefined && (!Number.isInteger(deltaSize) || deltaSize < 1)) {
    throw new InvalidInputError(`deltaSize must be a positive integer, got ${deltaSize}.`);
  }
  const script = parsed.data;
  const source = options.source ?? "in-memory script";
  return {
    spec: options.spec ?? "scripted:<in-memory>",
    contextWindow: options.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
    stream: (request, signal) => streamResponse(script, source, deltaSize, request, signal),
  };
}

async function* streamResponse(
  script: readonly ScriptedResponse[],
  source: string,
  deltaSize: number | undefined,
  request: ModelRequest,
  signal: AbortSignal,
): AsyncGenerator<ModelEvent> {
  if (signal.aborted) throw new AbortedError();
  const index = countAssistantResponses(request.items);
  const response = script[index];
  if (!response) throw new ScriptExhaustedError(source, index, script.length);

  const text = response.text ?? "";
  let outputChars = text.length;
  if (deltaSize === undefined) {
    const words = new RegExp(WORD);
    for (let match = words.exec(text); match !== null; match = words.exec(text)) {
      if (signal.aborted) throw new AbortedError();
      yield { type: "text.delta", delta: match[0] };
    }
  } else {
    for (let start = 0; start < text.length; start += deltaSize) {
      if (signal.aborted) throw new AbortedError();
      yield { type: "text.delta", delta: text.slice(start, start + deltaSize) };
    }
  }

  const calls = response.toolCalls ?? [];
  for (const [i, call] of calls.entries()) {
    if (signal.aborted) throw new AbortedError();
    const args = JSON.stringify(call.arguments);
    outputChars += call.name.length + args.length;
    yield { type: "tool.call", callId: `call_${index}_${i}`, name: call.name, arguments: args };
  }

  if (signal.aborted) throw new AbortedError();
  yield {
    type: "finish",
    finishReason: calls.length > 0 ? "tool-calls" : "stop",
    usage: {
      inputTokens: estimateTokens(requestChars(request)),
      outputTokens: estimateTokens(outputChars),
      cachedInputTokens: 0,
      reasoningTokens: 0,
    },
  };
}
