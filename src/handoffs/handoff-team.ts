import {
  type AgentDefinitionBase,
  HANDOFF_RECORD_VERSION,
  type HandoffMember,
  type HandoffTeam,
} from "../core/index.js";
import type { AgentDefinition } from "../runtime/index.js";
import type { Tool } from "../tools/index.js";
import { HandoffNameClashError, UnknownHandoffTargetError } from "./errors/index.js";
import type { HandoffInputFilter } from "./input-filter.js";
import { transferTool, transferToolName } from "./transfer-tool.js";

/** Default bound on handoffs in one turn. */
export const DEFAULT_MAX_HANDOFFS_PER_TURN = 10;

/** What the runtime lends the team builder (it owns tool selection, records and model specs). */
export interface TeamBuilderServices {
  /** The definition's chosen tools (built-ins and its own). */
  selectTools(definition: AgentDefinition): Tool<unknown>[];
  /** The record a session of `definition` with these tools would journal. */
  record(definition: AgentDefinition, tools: readonly Tool<unknown>[]): AgentDefinitionBase;
  /** The model spec of a definition's model. */
  specOf(definition: AgentDefinition): Promise<string>;
}

/** A session's handoff team, ready to journal, with what only this process has (filters, the definitions). */
export interface BuiltTeam {
  team: HandoffTeam;
  /** The first agent's tools: its own, then one transfer tool per target. */
  rootTools: Tool<unknown>[];
  /** The definitions by name (their own tools and model objects implement the journaled members). */
  definitions: Map<string, AgentDefinition>;
  /** Library input filters by agent name. */
  filters: Map<string, HandoffInputFilter>;
}

/** An agent's tools followed by its transfer tools; a transfer tool may not repeat a name. */
export function withTransferTools(
  name: string,
  tools: readonly Tool<unknown>[],
  targets: readonly { name: string; description?: string | undefined }[],
): Tool<unknown>[] {
  const names = new Set(tools.map((item) => item.name));
  const all = [...tools];
  for (const target of targets) {
    const transfer = transferTool(target.name, target.description);
    if (names.has(transfer.name))
      throw new HandoffNameClashError(name, transfer.name, "another tool or handoff of the same name");
    names.add(transfer.name);
    all.push(transfer);
  }
  return all;
}

/**
 * The team a session of `root` may hand itself within: `root` and every agent reachable through `handoffs`, looked
 * up by name in `agents`. An unknown name is {@link UnknownHandoffTargetError} naming the agent and field. Each
 * member is journaled whole (definition, model spec, permissions it asks for, input), so resume and fork need no
 * agent files.
 */
export async function buildHandoffTeam(
  root: AgentDefinition,
  agents: readonly AgentDefinition[],
  services: TeamBuilderServices,
): Promise<BuiltTeam> {
  const byName = new Map<string, AgentDefinition>(agents.map((agent) => [agent.name, agent]));
  byName.set(root.name, root);
  const definitions = new Map<string, AgentDefinition>();
  const queue: AgentDefinition[] = [root];
  while (queue.length > 0) {
    const agent = queue.shift()!;
    if (definitions.has(agent.name)) continue;
    definitions.set(agent.name, agent);
    for (const target of agent.handoffs ?? []) {
      const next = byName.get(target);
      if (!next) throw new UnknownHandoffTargetError(`Agent "${agent.name}"`, target, [...byName.keys()]);
      queue.push(next);
    }
  }
  const members: Record<string, HandoffMember> = {};
  const filters = new Map<string, HandoffInputFilter>();
  let rootTools: Tool<unknown>[] = [];
  for (const [name, agent] of definitions) {
    const targets = (agent.handoffs ?? []).map((target) => definitions.get(target)!);
    const tools = withTransferTools(name, services.selectTools(agent), targets);
    if (agent === root) rootTools = tools;
    const input = agent.handoffInput ?? "full";
    if (typeof input === "function") filters.set(name, input);
    members[name] = {
      definition: services.record(agent, tools),
      ...(agent === root ? {} : await memberModel(agent, services)),
      ...(agent.sandbox ? { sandbox: agent.sandbox } : {}),
      ...(agent.network ? { network: agent.network } : {}),
      ...(agent.approval ? { approval: agent.approval } : {}),
      ...(agent.writableRoots ? { writableRoots: [...agent.writableRoots] } : {}),
      handoffs: [...(agent.handoffs ?? [])],
      input: typeof input === "function" ? "custom" : input,
    };
  }
  const team: HandoffTeam = {
    version: HANDOFF_RECORD_VERSION,
    maxPerTurn: root.maxHandoffsPerTurn ?? DEFAULT_MAX_HANDOFFS_PER_TURN,
    members,
  };
  return { team, rootTools, definitions, filters };
}

/** A member's own model (the root's is the session's, in its settings). */
async function memberModel(agent: AgentDefinition, services: TeamBuilderServices) {
  const spec = await services.specOf(agent);
  return { model: spec, ...(agent.baseUrl ? { baseUrl: agent.baseUrl } : {}) };
}

/** The transfer tools of the session's active agent, rebuilt from its journaled team (resume, a handoff). */
export function transferToolsOf(definition: {
  name: string;
  handoffs?: HandoffTeam | undefined;
}): Tool<unknown>[] {
  const team = definition.handoffs;
  const member = team?.members[definition.name];
  if (!team || !member) return [];
  return member.handoffs.map((target) => transferTool(target, team.members[target]?.definition.description));
}

export { transferToolName };
