import type { ConversationItem } from "../../core/index.js";
import type { ModelRequest } from "../model-client.js";

/** A rough token count for text: about four characters per token, the usual rule of thumb for English and code. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Characters the model would read for `request`: system prompt, conversation and tool definitions. */
export function requestChars(request: ModelRequest): number {
  let chars = request.system.length;
  for (const item of request.items) chars += itemChars(item);
  for (const tool of request.tools) {
    chars += tool.name.length + tool.description.length + JSON.stringify(tool.inputSchema).length;
  }
  return chars;
}

function itemChars(item: ConversationItem): number {
  switch (item.type) {
    case "tool_call":
      return item.name.length + (JSON.stringify(item.arguments) ?? "").length;
    case "tool_result":
      return item.name.length + item.output.length;
    default:
      return item.text.length;
  }
}
