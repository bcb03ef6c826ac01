import { type AgentDefinitionRecord, DEFINITION_RECORD_VERSION } from "../core/index.js";
import type { SessionState } from "../orchestrator/index.js";
import type { Tool } from "../tools/index.js";
import { type AgentDefinition, defineAgent } from "./agent-definition.js";
import { declarationOf, definitionChanges, definitionRecord } from "./definition-record.js";
import { DefinitionChangedError, DefinitionNewerError, DefinitionRequiredError } from "./errors/index.js";
import { builtinTools, selectTools } from "./select-tools.js";

/** The definition a resume runs under, the tools that implement it, and what changed when it is not the journal's. */
export interface ResumeDefinition {
  definition: AgentDefinitionRecord;
  tools: Tool<unknown>[];
  /** Set when the definition is journaled now (`definition.changed`): what differs from the journaled one. */
  changed?: string[];
}

/** What the resuming side fills in for a session from before event schema 3, which journaled no definition. */
export interface LegacyDefinition {
  instructions?: string;
  sandboxReads?: AgentDefinition["sandboxReads"];
  loginShell?: boolean;
}

/** The coding agent as builds before event schema 3 ran it: every built-in, the coding prompt. */
function legacyDefinition(state: SessionState, legacy: LegacyDefinition, instructions: string | undefined) {
  return defineAgent({
    name: "agent",
    model: state.settings.model,
    ...(instructions ? { instructions } : {}),
    ...(legacy.sandboxReads ? { sandboxReads: legacy.sandboxReads } : {}),
    ...(legacy.loginShell ? { loginShell: true } : {}),
  });
}

/**
 * Decides the rules of a resume. The journal wins: with no `agent`, the session runs under its journaled
 * definition with this build's built-ins as the implementations; with one, the agent supplies the implementations
 * and must declare exactly the journaled prompt and tools. Any difference (another prompt, a tool added, removed or
 * with another schema, here or in this build's built-ins) refuses the resume with {@link DefinitionChangedError},
 * unless `adopt`, which returns the new definition with what changed, for the caller to journal. A session that
 * journaled no definition (before event schema 3) gets one now, built from its journaled instructions.
 */
export function resumeDefinition(
  state: SessionState,
  agent: AgentDefinition | undefined,
  options: { adopt: boolean; legacy: LegacyDefinition; tools?: readonly Tool<unknown>[] },
): ResumeDefinition {
  const { sessionId } = state;
  const journaled = state.definition;
  if (journaled && journaled.version > DEFINITION_RECORD_VERSION)
    throw new DefinitionNewerError(sessionId, journaled.version, DEFINITION_RECORD_VERSION);
  // Sessions of event schema 2 journaled their instructions; earlier ones take the resuming side's.
  const oldInstructions = state.settings.instructions ?? options.legacy.instructions ?? agent?.instructions;
  if (!journaled) {
    const source = agent ?? legacyDefinition(state, options.legacy, oldInstructions);
    const tools = selectTools(source.tools);
    return { definition: definitionRecord(source, tools, oldInstructions), tools, changed: ["definition"] };
  }
  let candidate: AgentDefinitionRecord;
  let tools: Tool<unknown>[];
  if (agent) {
    tools = selectTools(agent.tools);
    candidate = definitionRecord(agent, tools);
  } else {
    const builtins = builtinTools();
    for (const own of options.tools ?? []) if (!builtins.has(own.name)) builtins.set(own.name, own);
    const missing = journaled.tools.filter((tool) => !builtins.has(tool.name)).map((tool) => tool.name);
    if (missing.length > 0)
      throw new DefinitionRequiredError(sessionId, `its own tools (${missing.join(", ")})`);
    tools = journaled.tools.map((tool) => builtins.get(tool.name)!);
    candidate = { ...journaled, tools: tools.map(declarationOf) };
  }
  const changed = definitionChanges(journaled, candidate);
  if (changed.length === 0) return { definition: journaled, tools };
  if (!options.adopt) throw new DefinitionChangedError(sessionId, changed);
  return { definition: candidate, tools, changed };
}
