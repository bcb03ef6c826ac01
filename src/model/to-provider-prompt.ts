import type {
  JSONValue,
  LanguageModelV3FunctionTool,
  LanguageModelV3Message,
  LanguageModelV3Prompt,
  LanguageModelV3ToolCallPart,
  LanguageModelV3ToolResultOutput,
  LanguageModelV3ToolResultPart,
} from "@ai-sdk/provider";
import type { ConversationItem } from "../core/index.js";
import type { ModelRequest, ModelToolSpec } from "./model-client.js";

type AssistantPart = Extract<LanguageModelV3Message, { role: "assistant" }>["content"][number];
type ToolResultItem = Extract<ConversationItem, { type: "tool_result" }>;

/** How a compaction summary is introduced to the model, which never saw the messages it replaces. */
export const SUMMARY_PREFIX =
  "Summary of the conversation so far (earlier messages were compacted into it):\n\n";

/** Stands in for a result that was never recorded, so the provider still sees every call answered. */
export const MISSING_RESULT = "No result was recorded for this tool call (it was interrupted or never ran).";

/**
 * Converts our conversation into the provider-neutral prompt of the AI SDK spec. Each maximal run of assistant,
 * reasoning and tool-call items becomes one assistant message, followed by one tool message answering every call in
 * it, in call order; results are paired by `callId` wherever they sit in `items`. A result whose call is not in the
 * conversation (e.g. cut away by compaction) is shown as a user message so nothing the model should read is lost.
 */
export function toProviderPrompt(request: Pick<ModelRequest, "system" | "items">): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [];
  if (request.system.length > 0) prompt.push({ role: "system", content: request.system });

  const results = new Map<string, ToolResultItem>();
  const callIds = new Set<string>();
  for (const item of request.items) {
    if (item.type === "tool_result" && !results.has(item.callId)) results.set(item.callId, item);
    if (item.type === "tool_call") callIds.add(item.callId);
  }

  let assistant: AssistantPart[] = [];
  let calls: LanguageModelV3ToolCallPart[] = [];
  const flush = () => {
    if (assistant.length === 0) return;
    prompt.push({ role: "assistant", content: assistant });
    if (calls.length > 0)
      prompt.push({ role: "tool", content: calls.map((call) => resultFor(call, results)) });
    assistant = [];
    calls = [];
  };

  for (const item of request.items) {
    switch (item.type) {
      // Empty text blocks are rejected by some providers (Anthropic), so they are left out.
      case "assistant":
        if (item.text.length > 0) assistant.push({ type: "text", text: item.text });
        break;
      case "reasoning":
        if (item.text.length > 0) assistant.push({ type: "reasoning", text: item.text });
        break;
      case "tool_call": {
        const call: LanguageModelV3ToolCallPart = {
          type: "tool-call",
          toolCallId: item.callId,
          toolName: item.name,
          input: toToolInput(item.arguments),
        };
        assistant.push(call);
        calls.push(call);
        break;
      }
      case "user":
        flush();
        prompt.push({ role: "user", content: [{ type: "text", text: item.text }] });
        break;
      case "summary":
        flush();
        prompt.push({ role: "user", content: [{ type: "text", text: SUMMARY_PREFIX + item.text }] });
        break;
      case "tool_result":
        flush();
        if (!callIds.has(item.callId)) {
          const text = `Result of the ${item.name} tool call ${item.callId}${item.isError ? " (failed)" : ""}:\n${item.output}`;
          prompt.push({ role: "user", content: [{ type: "text", text }] });
        }
        break;
    }
  }
  flush();
  return prompt;
}

function resultFor(
  call: LanguageModelV3ToolCallPart,
  results: Map<string, ToolResultItem>,
): LanguageModelV3ToolResultPart {
  const result = results.get(call.toolCallId);
  return {
    type: "tool-result",
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    output: result ? toolResultOutput(result) : { type: "error-text", value: MISSING_RESULT },
  };
}

/** Said before the parts of a failed result with images, since a `content` output has no error flag. */
export const FAILED_RESULT_NOTE = "The tool call failed:";

/**
 * A tool result as the provider's tool-result output: text as `text` / `error-text`, a result that is one JSON value
 * as `json` / `error-json`, and anything with images as `content` (text, JSON serialised as text, `image-data`).
 */
export function toolResultOutput(result: ToolResultItem): LanguageModelV3ToolResultOutput {
  const parts = result.content;
  if (!parts || parts.every((part) => part.type === "text"))
    return { type: result.isError ? "error-text" : "text", value: result.output };
  const [only] = parts;
  if (parts.length === 1 && only?.type === "json")
    return { type: result.isError ? "error-json" : "json", value: only.value as JSONValue };
  if (parts.every((part) => part.type !== "image"))
    return { type: result.isError ? "error-text" : "text", value: result.output };
  const value: Extract<LanguageModelV3ToolResultOutput, { type: "content" }>["value"] = parts.map((part) => {
    switch (part.type) {
      case "text":
        return { type: "text", text: part.text };
      case "json":
        return { type: "text", text: JSON.stringify(part.value) };
      default:
        return { type: "image-data", data: part.data, mediaType: part.mediaType };
    }
  });
  if (result.isError) value.unshift({ type: "text", text: FAILED_RESULT_NOTE });
  return { type: "content", value };
}

/**
 * Providers want a tool call's input as a JSON object (Anthropic rejects anything else). Arguments the model sent
 * as invalid JSON are kept as text under `invalid_arguments`, so the model can still see what it sent.
 */
function toToolInput(value: unknown): Record<string, unknown> {
  if (typeof value === "string") {
    try {
      const parsed: unknown = JSON.parse(value);
      if (isPlainObject(parsed)) return parsed;
    } catch {
      // fall through: keep the raw text
    }
    return { invalid_arguments: value };
  }
  if (isPlainObject(value)) return value;
  return { invalid_arguments: JSON.stringify(value) ?? String(value) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Our tool specs as AI SDK function tools. */
export function toProviderTools(tools: readonly ModelToolSpec[]): LanguageModelV3FunctionTool[] {
  return tools.map((tool) => ({
    type: "function",
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema as LanguageModelV3FunctionTool["inputSchema"],
  }));
}
