import { z } from "zod";
import { tool } from "../tool.js";
import { memoryOf } from "./remember.js";

const RecallArgs = z.object({
  query: z.string().min(1).describe("What you want to know, in words."),
  k: z.number().int().min(1).max(20).optional().describe("How many memories to return (default 5)."),
});

/** `recall`: the long-term memories most relevant to a query — this workspace's and the user's. */
export const recallTool = tool({
  name: "recall",
  description:
    "Search long-term memory (facts saved with remember in earlier sessions of this project, and the user's " +
    "preferences). Returns the most relevant memories with their ids and dates.",
  inputSchema: RecallArgs,
  effects: "read",
  async execute(args, context) {
    const notes = await memoryOf(context.memory).recall(
      { query: args.query, k: args.k ?? 5 },
      { cwd: context.cwd, signal: context.signal },
    );
    if (notes.length === 0) return "No memories yet.";
    return notes
      .map(
        (note) =>
          `- [${note.id}, ${note.scope}, ${new Date(note.createdAt).toISOString().slice(0, 10)}] ${note.text}`,
      )
      .join("\n");
  },
});
