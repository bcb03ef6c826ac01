import type { ConversationItem, Usage } from "../../core/index.js";
import type { ModelClient, ModelEvent, ModelRequest } from "../../model/index.js";
import { COMPACTION_PROMPT } from "../compaction.js";

/** One sampling step's answer: text, tool calls, or both. */
export interface ScriptedStep {
  /** Fail the request with this message instead of answering (a provider error that ends the turn). */
  fail?: string;
  text?: string;
  toolCalls?: { name: string; arguments: Record<string, unknown> }[];
}

/** What the model was asked, in order. */
export interface TurnScriptCall {
  kind: "step" | "compaction";
  /** The prompt size the model reported for this request. */
  inputTokens: number;
}

/** Options for {@link turnScriptModel}. */
export interface TurnScriptOptions {
  /** Answers to sampling steps, in the order they are asked for. */
  steps: ScriptedStep[];
  /** Answers to compaction requests, in order. */
  summaries?: string[];
  contextWindow: number;
  /**
   * The prompt size to report for a request; by default the request's size at four characters a token, the way a
   * provider counts what it was really sent.
   */
  inputTokens?: (request: ModelRequest) => number;
}

/** A model whose calls can be counted and that says which script entries were never used. */
export interface TurnScriptModel extends ModelClient {
  readonly calls: TurnScriptCall[];
  /** Throws unless every step and every summary was asked for. */
  assertConsumed(): void;
}

/**
 * A test model for multi-step turns across compactions. The scripted model and the mock LLM server pick their answer
 * by counting the assistant responses in the conversation, which a compaction resets; this one answers steps in the
 * order they are asked for and compaction requests (recognised by the compaction prompt) from their own list, so a
 * turn can compact and go on. It fails loudly on a request past either list.
 */
export function turnScriptModel(options: TurnScriptOptions): TurnScriptModel {
  const calls: TurnScriptCall[] = [];
  let steps = 0;
  let summaries = 0;
  const summaryList = options.summaries ?? [];
  return {
    spec: "test:turn-script",
    contextWindow: options.contextWindow,
    calls,
    assertConsumed() {
      if (steps !== options.steps.length || summaries !== summaryList.length) {
        throw new Error(
          `turn script: ${steps}/${options.steps.length} steps and ${summaries}/${summaryList.length} summaries used`,
        );
      }
    },
    async *stream(request) {
      const inputTokens = (options.inputTokens ?? sentTokens)(request);
      const last = request.items.at(-1) as ConversationItem | undefined;
      if (last?.type === "user" && last.text === COMPACTION_PROMPT) {
        const summary = summaryList[summaries++];
        if (summary === undefined) throw new Error(`turn script: compaction #${summaries} was not scripted`);
        calls.push({ kind: "compaction", inputTokens });
        yield { type: "text.delta", delta: summary };
        yield finish("stop", inputTokens, summary.length);
        return;
      }
      const step = options.steps[steps++];
      if (!step) throw new Error(`turn script: step #${steps} was not scripted`);
      calls.push({ kind: "step", inputTokens });
      if (step.fail) throw new Error(step.fail);
      if (step.text) yield { type: "text.delta", delta: step.text };
      for (const [i, call] of (step.toolCalls ?? []).entries()) {
        const args = JSON.stringify(call.arguments);
        yield { type: "tool.call", callId: `call_${steps - 1}_${i}`, name: call.name, arguments: args };
      }
      yield finish(step.toolCalls?.length ? "tool-calls" : "stop", inputTokens, step.text?.length ?? 0);
    },
  };
}

function finish(finishReason: string, inputTokens: number, outputChars: number): ModelEvent {
  const usage: Usage = {
    inputTokens,
    outputTokens: Math.ceil(outputChars / 4),
    cachedInputTokens: 0,
    reasoningTokens: 0,
  };
  return { type: "finish", finishReason, usage };
}

/** Characters of everything sent (system prompt, conversation, tool definitions), four to a token. */
function sentTokens(request: ModelRequest): number {
  return Math.ceil(
    JSON.stringify({ system: request.system, items: request.items, tools: request.tools }).length / 4,
  );
}
