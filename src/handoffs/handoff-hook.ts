import { narrowPermissions } from "../agents/index.js";
import {
  type AgentEvent,
  type ConversationItem,
  HANDOFF_RECORD_VERSION,
  type HandoffMember,
  type HandoffTeam,
  InvalidInputError,
  type SessionSettings,
} from "../core/index.js";
import type { HandoffHook, SessionState } from "../orchestrator/index.js";
import { HandoffLimitError } from "./errors/index.js";
import { filterInput, type HandoffInputFilter } from "./input-filter.js";
import { transferToolName } from "./transfer-tool.js";

/** Tool name → target, per member of a team (teams are immutable values, so this caches safely). */
const targetsCache = new WeakMap<HandoffTeam, Map<string, Map<string, string>>>();

function targetsOf(team: HandoffTeam, agent: string): Map<string, string> | undefined {
  let byAgent = targetsCache.get(team);
  if (!byAgent) {
    byAgent = new Map();
    targetsCache.set(team, byAgent);
  }
  let targets = byAgent.get(agent);
  if (!targets) {
    const member = team.members[agent];
    if (!member) return undefined;
    targets = new Map(member.handoffs.map((target) => [transferToolName(target), target]));
    byAgent.set(agent, targets);
  }
  return targets;
}

/**
 * The settings a session runs under once handed to `member`: its model (or the session's), and the session's
 * permissions narrowed by what it asks — never wider than the session's own, whichever agent had it before.
 */
export function settingsFor(base: SessionSettings, member: HandoffMember, cwd: string): SessionSettings {
  const narrowed = narrowPermissions(
    {
      sandbox: base.sandbox,
      network: base.network,
      approval: base.approval,
      writableRoots: base.writableRoots,
    },
    {
      ...(member.sandbox ? { sandbox: member.sandbox } : {}),
      ...(member.network ? { network: member.network } : {}),
      ...(member.approval ? { approval: member.approval } : {}),
      ...(member.writableRoots ? { writableRoots: member.writableRoots } : {}),
    },
    cwd,
  );
  const { baseUrl: _baseUrl, ...rest } = base;
  const model = member.model ?? base.model;
  const baseUrl = member.model ? member.baseUrl : base.baseUrl;
  return {
    ...rest,
    ...narrowed,
    writableRoots: [...narrowed.writableRoots],
    model,
    ...(baseUrl ? { baseUrl } : {}),
  };
}

/**
 * The turn loop's {@link HandoffHook} for sessions with a handoff team: `filters` are the library input filters of
 * this process (a member journaled as `custom` whose function is not here sees the whole conversation).
 */
export function handoffHook(filters: ReadonlyMap<string, HandoffInputFilter> = new Map()): HandoffHook {
  return {
    targetOf(state: SessionState, toolName: string) {
      const definition = state.definition;
      if (!definition?.handoffs) return undefined;
      return targetsOf(definition.handoffs, definition.name)?.get(toolName);
    },
    handoff(state, call, args, output): AgentEvent {
      const definition = state.definition!;
      const team = definition.handoffs!;
      if (team.version > HANDOFF_RECORD_VERSION)
        throw new InvalidInputError(
          `Session ${state.sessionId} was started by a newer build (handoff record ${team.version}).`,
          { hint: "Resume it with that build or a newer one." },
        );
      const to = targetsOf(team, definition.name)!.get(call.name)!;
      const member = team.members[to]!;
      const turn = state.turns.at(-1);
      if ((turn?.handoffs ?? 0) >= team.maxPerTurn) throw new HandoffLimitError(team.maxPerTurn);
      const reason = (args as { reason?: string } | undefined)?.reason;
      const result: ConversationItem = {
        type: "tool_result",
        callId: call.callId,
        name: call.name,
        output,
        isError: false,
      };
      const items = filterInput(member.input, [...state.items, result], filters.get(to));
      return {
        type: "agent.handoff",
        version: HANDOFF_RECORD_VERSION,
        turnId: call.turnId,
        callId: call.callId,
        from: definition.name,
        to,
        ...(reason ? { reason } : {}),
        definition: member.definition,
        settings: settingsFor(state.sessionSettings, member, state.cwd),
        ...(items ? { items } : {}),
      };
    },
  };
}
