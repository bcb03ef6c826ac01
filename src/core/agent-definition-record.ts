import type { z } from "zod";
import { AgentDefinitionBase } from "./agent-definition-base.js";
import { HandoffTeam } from "./handoff-record.js";

export { AgentDefinitionBase, ToolDeclaration } from "./agent-definition-base.js";

/**
 * Version of {@link AgentDefinitionRecord}. A reader meeting a newer one refuses to run the session rather than run
 * it under rules it cannot read; bump it (and keep reading the older shapes) when the record changes.
 */
export const DEFINITION_RECORD_VERSION = 1;

/**
 * The effective definition a session runs under, journaled at `session.started` and at every `definition.changed`:
 * the system prompt's fixed text, every tool with its JSON Schema, and the limits of a turn. Resume and fork run
 * under exactly this (the session's settings, journaled beside it, cover model, sandbox, approval and rules).
 * Sessions started before event schema 3 have none; the first resume journals one.
 */
export const AgentDefinitionRecord = AgentDefinitionBase.extend({
  /**
   * The agents this session may hand itself to (`handoffs` of the definition, and theirs): absent when the
   * definition names none. Kept across handoffs: the fold carries it to each next agent's definition.
   */
  handoffs: HandoffTeam.optional(),
});
export type AgentDefinitionRecord = z.infer<typeof AgentDefinitionRecord>;
