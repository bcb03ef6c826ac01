import { z } from "zod";
import { ToolContentPart } from "./tool-content.js";

/**
 * The conversation as the model sees it. Items are derived from the journal by the orchestrator's fold; they are
 * never stored on their own.
 */
export const ConversationItem = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), text: z.string() }),
  z.object({ type: z.literal("assistant"), text: z.string() }),
  z.object({ type: z.literal("reasoning"), text: z.string() }),
  z.object({
    type: z.literal("tool_call"),
    callId: z.string(),
    name: z.string(),
    arguments: z.unknown(),
  }),
  z.object({
    type: z.literal("tool_result"),
    callId: z.string(),
    name: z.string(),
    /** What the model reads: already truncated for the context window. */
    output: z.string(),
    isError: z.boolean(),
    /** The result's parts when it carried more than text (JSON, images); text parts already truncated. */
    content: z.array(ToolContentPart).optional(),
  }),
  /** A compaction summary that stands in for everything before it. */
  z.object({ type: z.literal("summary"), text: z.string() }),
]);
export type ConversationItem = z.infer<typeof ConversationItem>;
