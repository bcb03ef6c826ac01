import type { AgentDefinitionRecord } from "../core/index.js";
import {
  buildHandoffTeam,
  type HandoffInputFilter,
  handoffHook,
  transferToolsOf,
} from "../handoffs/index.js";
import type { ModelClient } from "../model/index.js";
import type { DriveRequest, SessionState } from "../orchestrator/index.js";
import type { Tool } from "../tools/index.js";
import type { AgentDefinition } from "./agent-definition.js";
import { definitionRecord } from "./definition-record.js";
import { DefinitionRequiredError } from "./errors/index.js";
import { modelSpecOf } from "./model-of.js";
import { builtinTools, selectTools } from "./select-tools.js";

/** What a run of a session with a handoff team has in this process besides its journal. */
export interface TeamContext {
  /** The library definitions by name: their own tools and model objects implement the journaled members. */
  definitions: ReadonlyMap<string, AgentDefinition>;
  /** Library input filters by agent name. */
  filters: ReadonlyMap<string, HandoffInputFilter>;
  /** Implementations of other journaled non-built-in tools (`ResumeOptions.tools`). */
  tools: readonly Tool<unknown>[];
}

/** The team context of `agents` (and the agent a call names), for a resume. */
export function teamContextOf(
  agents: readonly (AgentDefinition | undefined)[],
  tools: readonly Tool<unknown>[] = [],
): TeamContext {
  const definitions = new Map<string, AgentDefinition>();
  const filters = new Map<string, HandoffInputFilter>();
  for (const agent of agents) {
    if (!agent || definitions.has(agent.name)) continue;
    definitions.set(agent.name, agent);
    if (typeof agent.handoffInput === "function") filters.set(agent.name, agent.handoffInput);
  }
  return { definitions, filters, tools };
}

/**
 * A new session's definition and tools when `agent` hands off: its record with the whole team (see
 * `buildHandoffTeam`) and its tools with one transfer tool per target. Undefined for an agent with no handoffs.
 */
export async function teamDefinition(
  agent: AgentDefinition,
  agents: readonly AgentDefinition[],
): Promise<{ definition: AgentDefinitionRecord; tools: Tool<unknown>[]; context: TeamContext } | undefined> {
  if (!agent.handoffs?.length) return undefined;
  const built = await buildHandoffTeam(agent, agents, {
    selectTools: (definition) => selectTools(definition.tools),
    record: (definition, tools) => definitionRecord(definition, tools),
    specOf: (definition) => modelSpecOf(definition.model),
  });
  return {
    definition: { ...definitionRecord(agent, built.rootTools), handoffs: built.team },
    tools: built.rootTools,
    context: { definitions: built.definitions, filters: built.filters, tools: [] },
  };
}

/**
 * Implementations of the active agent's journaled tools: built-ins, its transfer tools, its library definition's
 * own tools, then `context.tools`. A tool none of them has is {@link DefinitionRequiredError}.
 */
export function activeAgentTools(state: SessionState, context: TeamContext): Tool<unknown>[] {
  const definition = state.definition!;
  const available = builtinTools();
  const own = [
    ...transferToolsOf(definition),
    ...(context.definitions.get(definition.name)?.tools?.extra ?? []),
    ...context.tools,
  ];
  for (const tool of own) if (!available.has(tool.name)) available.set(tool.name, tool);
  const missing = definition.tools.filter((tool) => !available.has(tool.name)).map((tool) => tool.name);
  if (missing.length > 0)
    throw new DefinitionRequiredError(
      state.sessionId,
      `the tools of agent "${definition.name}" (${missing.join(", ")}); pass its definition in \`agents\``,
    );
  return definition.tools.map((tool) => available.get(tool.name)!);
}

/** The tool implementations a resume of a team session runs with (the active agent's). */
export function teamResumeTools(state: SessionState, context: TeamContext): Tool<unknown>[] {
  const definition = state.definition!;
  const library = context.definitions.get(definition.name);
  return [...transferToolsOf(definition), ...(library?.tools?.extra ?? []), ...context.tools];
}

/**
 * What `driveRun` needs for handoffs: the hook and `switchAgent`, which builds the next agent's model client
 * (through `modelFor`, once per model in a run) and tools. `first` is the client the run started with.
 */
export function teamDrive(
  context: TeamContext,
  first: { state: SessionState; client: ModelClient },
  modelFor: (state: SessionState, agent: AgentDefinition | undefined) => Promise<ModelClient>,
): Pick<DriveRequest, "handoffs" | "switchAgent"> {
  // A library agent's model object is its own (two objects may report one spec); a spec is shared.
  const keyOf = (state: SessionState) => {
    const library = context.definitions.get(state.definition?.name ?? "");
    return library && typeof library.model !== "string"
      ? `agent:${library.name}`
      : `spec:${state.settings.model} ${state.settings.baseUrl ?? ""}`;
  };
  const clients = new Map<string, ModelClient>([[keyOf(first.state), first.client]]);
  return {
    handoffs: handoffHook(context.filters),
    async switchAgent(state) {
      const tools = activeAgentTools(state, context);
      const key = keyOf(state);
      let model = clients.get(key);
      if (!model) {
        model = await modelFor(state, context.definitions.get(state.definition!.name));
        clients.set(key, model);
      }
      return { model, tools };
    },
  };
}
