import { z } from "zod";
import { InvalidInputError } from "../../core/index.js";
import type { MemoryAccess } from "../memory-access.js";
import { tool } from "../tool.js";

const RememberArgs = z.object({
  text: z
    .string()
    .min(1)
    .max(4000)
    .describe("The fact to keep, in a sentence or two: a convention, a command, a decision. Never a secret."),
  scope: z
    .enum(["workspace", "user"])
    .optional()
    .describe("workspace (default): only this project; user: every project of this user (preferences)."),
});

/** The memory a call runs with, or a clear error when the host gave none (a library tool context). */
export function memoryOf(memory: MemoryAccess | undefined): MemoryAccess {
  if (!memory)
    throw new InvalidInputError("Long-term memory is not available in this session.", {
      hint: "Run the tool inside a session (art exec or Runtime.run), which wires the memory store.",
    });
  return memory;
}

/**
 * `remember`: keeps a fact in long-term memory (`$ART_HOME/memory/`) with its provenance (this session and turn),
 * for later sessions to `recall`. Text holding a secret is refused.
 */
export const rememberTool = tool({
  name: "remember",
  description:
    "Save a short fact to long-term memory so later sessions can recall it (project conventions, commands that " +
    "work, user preferences). Do not store secrets; they are refused.",
  inputSchema: RememberArgs,
  effects: "write",
  describeForPolicy: (args) => ({
    calls: [{ kind: "tool", tool: "remember", effects: "write" }],
    summary: `remember (${args.scope ?? "workspace"}): ${args.text.slice(0, 80)}`,
  }),
  async execute(args, context) {
    const scope = args.scope ?? "workspace";
    const saved = await memoryOf(context.memory).remember(
      { text: args.text, scope },
      { sessionId: context.sessionId, turnId: context.turnId, cwd: context.cwd },
    );
    return `Remembered as ${saved.id} (${saved.scope}).`;
  },
});
