import { z } from "zod";

/** One tool call a scripted response makes. */
export const ScriptedToolCall = z.strictObject({
  /** The tool to call. */
  name: z.string().min(1),
  /** The arguments object, sent to the runtime as JSON text. */
  arguments: z.record(z.string(), z.unknown()),
});
export type ScriptedToolCall = z.infer<typeof ScriptedToolCall>;

/** One assistant response of a scripted model: text, tool calls, or both. */
export const ScriptedResponse = z.strictObject({
  /** Text the assistant says; streamed in several deltas. */
  text: z.string().optional(),
  /** Tool calls the assistant makes after its text. */
  toolCalls: z.array(ScriptedToolCall).optional(),
});
export type ScriptedResponse = z.infer<typeof ScriptedResponse>;

/** The content of a `scripted:<file>` model script. */
export const ModelScript = z.strictObject({
  /** Response `i` answers the sampling step that has `i` assistant responses before it in the conversation. */
  responses: z.array(ScriptedResponse),
});
export type ModelScript = z.infer<typeof ModelScript>;
