import type { ToolContentPart } from "../core/index.js";
import type { ToolResult } from "../tools/index.js";
import type { McpCallResult, McpContentBlock } from "./mcp-connection.js";

/** Characters of text one MCP result may put in front of the model before it is cut (with a note). */
export const MAX_MCP_RESULT_CHARS = 40_000;

function blockParts(block: McpContentBlock): ToolContentPart[] {
  switch (block.type) {
    case "text":
      return [{ type: "text", text: block.text ?? "" }];
    case "image":
      return block.data && block.mimeType?.startsWith("image/")
        ? [{ type: "image", data: block.data, mediaType: block.mimeType }]
        : [{ type: "text", text: "[an image the server sent without data or an image type]" }];
    case "audio":
      return [
        {
          type: "text",
          text: `[audio (${block.mimeType ?? "unknown type"}) omitted: the model cannot hear]`,
        },
      ];
    case "resource_link":
      return [
        { type: "text", text: `[resource ${block.name ?? ""} ${block.uri ?? ""}]`.replace(/\s+]/, "]") },
      ];
    case "resource": {
      const resource = block.resource;
      if (!resource) return [];
      if (resource.text !== undefined)
        return [{ type: "text", text: `[resource ${resource.uri}]\n${resource.text}` }];
      if (resource.blob && resource.mimeType?.startsWith("image/"))
        return [{ type: "image", data: resource.blob, mediaType: resource.mimeType }];
      return [
        {
          type: "text",
          text: `[resource ${resource.uri}: ${resource.mimeType ?? "binary"}, ${resource.blob?.length ?? 0} base64 characters omitted]`,
        },
      ];
    }
    default:
      return [{ type: "text", text: `[content of type "${block.type}" omitted]` }];
  }
}

/**
 * An MCP tool result as the model reads it: text, images, embedded resources (text inline, images as images, other
 * blobs named), structured content as a JSON part, `isError` as a failed result. Text beyond `limit` characters
 * in all is cut, with a note saying how much was dropped.
 *
 * @example
 * convertResult({ content: [{ type: "text", text: "hi" }] }); // { content: [{ type: "text", text: "hi" }], ok: true }
 */
export function convertResult(result: McpCallResult, limit = MAX_MCP_RESULT_CHARS): ToolResult {
  const parts = (result.content ?? []).flatMap(blockParts);
  if (result.structuredContent !== undefined)
    parts.push({ type: "json", value: result.structuredContent as never });
  let budget = limit;
  let dropped = 0;
  const capped: ToolContentPart[] = [];
  for (const part of parts) {
    if (part.type !== "text") {
      capped.push(part);
      continue;
    }
    if (part.text.length <= budget) {
      budget -= part.text.length;
      capped.push(part);
      continue;
    }
    dropped += part.text.length - budget;
    if (budget > 0) capped.push({ type: "text", text: part.text.slice(0, budget) });
    budget = 0;
  }
  if (dropped > 0)
    capped.push({ type: "text", text: `[MCP result truncated: ${dropped} more characters were dropped]` });
  if (capped.length === 0)
    capped.push({ type: "text", text: result.isError ? "(error, no details)" : "(no output)" });
  return { content: capped, ok: result.isError !== true };
}
