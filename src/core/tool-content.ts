import { z } from "zod";

/**
 * One piece of what a tool returns to the model: text, a JSON value, or an image. Journaled in `tool.result`
 * (`content`) and shown to the model as the provider's tool-result content.
 */
export const ToolContentPart = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("text"),
    /** Text the model reads (cut for the context window like any tool output). */
    text: z.string(),
  }),
  z.object({
    type: z.literal("json"),
    /** A JSON value (plain objects, arrays, strings, finite numbers, booleans, null). */
    value: z.json(),
  }),
  z.object({
    type: z.literal("image"),
    /** The image's bytes, base64-encoded. Never cut: an image is kept whole or refused. */
    data: z.string(),
    /** IANA media type, `image/...` (e.g. `image/png`). */
    mediaType: z.string(),
  }),
]);
export type ToolContentPart = z.infer<typeof ToolContentPart>;
