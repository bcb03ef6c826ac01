import { z } from "zod";

/**
 * Version of {@link AgentDefinitionRecord}. A reader meeting a newer one refuses to run the session rather than run
 * it under rules it cannot read; bump it (and keep reading the older shapes) when the record changes.
 */
export const DEFINITION_RECORD_VERSION = 1;

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

/**
 * The effective definition a session runs under, journaled at `session.started` and at every `definition.changed`:
 * the system prompt's fixed text, every tool with its JSON Schema, and the limits of a turn. Resume and fork run
 * under exactly this (the session's settings, journaled beside it, cover model, sandbox, approval and rules).
 * Sessions started before event schema 3 have none; the first resume journals one.
 */
export const AgentDefinitionRecord = z.object({
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
export type AgentDefinitionRecord = z.infer<typeof AgentDefinitionRecord>;
