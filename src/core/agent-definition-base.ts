import { z } from "zod";

/** A tool as the session offers it to the model: what the model reads, not the code that runs it. */
export const ToolDeclaration = z.object({
  /** Name the model calls it by. */
  name: z.string(),
  /** Its description, as the model reads it. */
  description: z.string(),
  /** JSON Schema of its arguments, as sent to the model. */
  inputSchema: z.record(z.string(), z.unknown()),
  /** What it may do to the world: `read`, `write` or `exec`. */
  effects: z.enum(["read", "write", "exec"]),
});
export type ToolDeclaration = z.infer<typeof ToolDeclaration>;

/** The fields of an agent definition record other than its handoff team (see `AgentDefinitionRecord`). */
export const AgentDefinitionBase = z.object({
  /** {@link DEFINITION_RECORD_VERSION} of the build that wrote it. */
  version: z.number().int().positive(),
  /** The definition's name (`defineAgent({ name })`). */
  name: z.string(),
  /** What the agent is for, when the definition said. */
  description: z.string().optional(),
  /**
   * The system prompt's fixed part, whole: the base prompt and the definition's instructions. AGENTS.md files and
   * the environment block are added to it per turn, from the workspace.
   */
  systemPrompt: z.string(),
  /** The tools offered to the model, in order. */
  tools: z.array(ToolDeclaration),
  /** Sampling steps allowed in one turn. */
  maxSteps: z.number().int().positive(),
  /** Compact the context when it exceeds this fraction of the model's window. */
  compactAt: z.number().positive().max(1),
  /** Commands run in a login shell (`bash -lc`). */
  loginShell: z.boolean(),
  /** Reads of sandboxed commands: extra denied absolute paths, and default-denied ones allowed again. */
  sandboxReads: z.object({ deny: z.array(z.string()), allow: z.array(z.string()) }),
});
export type AgentDefinitionBase = z.infer<typeof AgentDefinitionBase>;
