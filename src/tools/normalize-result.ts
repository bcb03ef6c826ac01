import type { ToolContentPart } from "../core/index.js";
import { InvalidToolResultError } from "./invalid-tool-result-error.js";
import { jsonProblem } from "./json-value.js";
import type { ToolOutput } from "./tool-result.js";

/** Characters of base64 one image may have (about 15 MB of image): past it the result is refused, never cut. */
export const MAX_IMAGE_CHARS = 20 * 1024 * 1024;
/** Characters a JSON part's serialisation may have before it is kept as (cuttable) text instead. */
export const MAX_JSON_CHARS = 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const IMAGE_TYPE = /^image\/[A-Za-z0-9][A-Za-z0-9.+-]*$/;

/** A tool's result, checked and in the shape the journal keeps. */
export interface NormalResult {
  ok: boolean;
  /** The text rendering of the whole result (text parts, JSON serialised, a placeholder per image). */
  output: string;
  /** The parts, when the result had more than text. */
  content?: ToolContentPart[];
  sandboxDenied?: string;
  /** Deferred tools the result lists from the next step on. */
  revealed?: string[];
}

/** How many bytes `base64` decodes to. */
function imageBytes(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/** How a part reads as text, for `output` and for readers that know only text. */
export function partText(part: ToolContentPart): string {
  switch (part.type) {
    case "text":
      return part.text;
    case "json":
      return JSON.stringify(part.value);
    case "image":
      return `[image: ${part.mediaType}, ${imageBytes(part.data)} bytes]`;
  }
}

function checkPart(toolName: string, part: unknown, index: number): ToolContentPart {
  const fail = (problem: string) => new InvalidToolResultError(toolName, `content[${index}] ${problem}`);
  if (typeof part !== "object" || part === null) throw fail("is not an object");
  const { type } = part as { type?: unknown };
  if (type === "text") {
    const { text } = part as { text?: unknown };
    if (typeof text !== "string") throw fail("is a text part without a string `text`");
    return { type, text };
  }
  if (type === "json") {
    const { value } = part as { value?: unknown };
    const problem = jsonProblem(value, "value");
    if (problem) throw fail(`is a JSON part whose ${problem}`);
    const serialised = JSON.stringify(value);
    // Too big to keep whole: kept as text, which the journal and the context window cut with a marker.
    if (serialised.length > MAX_JSON_CHARS) return { type: "text", text: serialised };
    return { type, value } as ToolContentPart;
  }
  if (type === "image") {
    const { data, mediaType } = part as { data?: unknown; mediaType?: unknown };
    if (typeof mediaType !== "string" || !IMAGE_TYPE.test(mediaType))
      throw fail("is an image part whose mediaType is not image/...");
    if (typeof data !== "string" || data.length === 0 || data.length % 4 !== 0 || !BASE64.test(data))
      throw fail("is an image part whose data is not base64");
    if (data.length > MAX_IMAGE_CHARS)
      throw fail(`is an image of ${data.length} base64 characters, over the limit of ${MAX_IMAGE_CHARS}`);
    return { type, data, mediaType };
  }
  throw fail(`has type ${JSON.stringify(type) ?? String(type)}, not "text", "json" or "image"`);
}

/**
 * Checks what `execute` returned and renders it for the journal. Throws `tool.invalid_result` for anything that
 * cannot be stored as given, so the call fails instead of the session's journal.
 */
export function normalizeResult(toolName: string, result: ToolOutput): NormalResult {
  if (typeof result === "string") return { ok: true, output: result };
  if (typeof result !== "object" || result === null || !Array.isArray(result.content))
    throw new InvalidToolResultError(toolName, "it is neither a string nor { content: [...] }");
  if (result.ok !== undefined && typeof result.ok !== "boolean")
    throw new InvalidToolResultError(toolName, "ok is not a boolean");
  if (result.sandboxDenied !== undefined && typeof result.sandboxDenied !== "string")
    throw new InvalidToolResultError(toolName, "sandboxDenied is not a string");
  const reveals: unknown = result.reveals;
  if (reveals !== undefined && !(Array.isArray(reveals) && reveals.every((name) => typeof name === "string")))
    throw new InvalidToolResultError(toolName, "reveals is not a list of tool names");
  const content = result.content.map((part, index) => checkPart(toolName, part, index));
  const output = content.map(partText).join("\n");
  const textOnly = content.every((part) => part.type === "text");
  return {
    ok: result.ok ?? true,
    output,
    ...(textOnly ? {} : { content }),
    ...(result.sandboxDenied ? { sandboxDenied: result.sandboxDenied } : {}),
    ...(result.reveals?.length ? { revealed: [...result.reveals] } : {}),
  };
}

/**
 * The parts with their text cut to `limit` characters in all (images and JSON values kept whole), by `cut`, which
 * returns at most `budget` characters of `text` with its own marker.
 */
export function capTextParts(
  parts: ToolContentPart[],
  limit: number,
  cut: (text: string, budget: number) => string,
): { parts: ToolContentPart[]; truncated: boolean } {
  let budget = limit;
  let truncated = false;
  const capped = parts.map((part): ToolContentPart => {
    if (part.type !== "text") return part;
    if (part.text.length <= budget) {
      budget -= part.text.length;
      return part;
    }
    truncated = true;
    const text = cut(part.text, budget);
    budget = 0;
    return { type: "text", text };
  });
  return { parts: capped, truncated };
}
