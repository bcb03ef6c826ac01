import { type ApprovalHandler, loadState } from "../orchestrator/index.js";
import type { Runtime } from "../runtime/index.js";
import { SubagentBudgetError } from "./errors/index.js";
import { Semaphore } from "./semaphore.js";
import type { SubagentSpec } from "./subagent-spec.js";

/** The budgets of one tree of sessions (a root and every sub-agent below it). */
export interface SubagentLimits {
  /** Levels of sub-agents below the root (default 2: children and grandchildren). */
  maxDepth: number;
  /** Sub-agents one session may start over its life (default 16). */
  maxPerSession: number;
  /** Input + output tokens all sub-agents of the tree may use (default: unlimited). */
  maxTreeTokens: number;
  /** `spawn_agent` calls of one session that run at once (default 4); the rest wait. */
  concurrency: number;
}

export const DEFAULT_SUBAGENT_LIMITS: SubagentLimits = {
  maxDepth: 2,
  maxPerSession: 16,
  maxTreeTokens: Number.POSITIVE_INFINITY,
  concurrency: 4,
};

/**
 * What every `spawn_agent` of one tree shares: the runtime, the agents, the budgets and what was used of them.
 * Counts of children and their tokens come from the journals (children link to their parent), so a resumed tree
 * keeps its counts.
 */
export class SubagentTree {
  readonly limits: SubagentLimits;
  readonly agents: ReadonlyMap<string, SubagentSpec>;
  /** Input + output tokens of each sub-agent session counted, as its journal says (whole-session totals). */
  private readonly usage = new Map<string, number>();
  /** Parents whose existing children were counted from their journals (once per process). */
  private readonly seeded = new Map<string, Promise<void>>();
  private readonly slots = new Map<string, Semaphore>();
  private readonly children = new Map<string, Promise<Set<string>>>();

  constructor(
    readonly runtime: Runtime,
    agents: readonly SubagentSpec[],
    limits: Partial<SubagentLimits> = {},
    readonly onApproval?: ApprovalHandler,
  ) {
    this.limits = { ...DEFAULT_SUBAGENT_LIMITS, ...limits };
    this.agents = new Map(agents.map((agent) => [agent.name, agent]));
  }

  /** Tokens the sub-agents of this tree used, summed from their journals (so a resumed tree keeps its count). */
  get tokensUsed(): number {
    let total = 0;
    for (const tokens of this.usage.values()) total += tokens;
    return total;
  }

  /** Counts (again) what session `childId` used, from its journal: a total, so counting twice never adds twice. */
  async countFromJournal(childId: string): Promise<void> {
    const state = await loadState(childId, this.runtime.journal.read(childId));
    this.usage.set(childId, state.usage.inputTokens + state.usage.outputTokens);
  }

  /** Counts every sub-agent below `parentSessionId` that earlier processes started. */
  private seed(parentSessionId: string): Promise<void> {
    let seeded = this.seeded.get(parentSessionId);
    if (!seeded) {
      seeded = (async () => {
        for (const child of await this.runtime.sessions({ parentId: parentSessionId })) {
          if (this.usage.has(child.id)) continue;
          await this.countFromJournal(child.id);
          await this.seed(child.id);
        }
      })();
      this.seeded.set(parentSessionId, seeded);
    }
    return seeded;
  }

  /** The concurrency limit of one parent session's calls. */
  slotsOf(sessionId: string): Semaphore {
    let slots = this.slots.get(sessionId);
    if (!slots) {
      slots = new Semaphore(this.limits.concurrency);
      this.slots.set(sessionId, slots);
    }
    return slots;
  }

  /**
   * Admits a new child of `parentSessionId` at `depth` (1 = a child of the root), or throws the budget it breaks.
   * Synchronous after the first journal read per parent, so concurrent calls cannot both take the last place.
   */
  async admit(parentSessionId: string, callId: string, depth: number): Promise<void> {
    const { maxDepth, maxPerSession, maxTreeTokens } = this.limits;
    if (Number.isFinite(maxTreeTokens)) await this.seed(parentSessionId);
    if (depth > maxDepth)
      throw new SubagentBudgetError(
        "depth",
        `A sub-agent here would be ${depth} levels deep; the tree allows ${maxDepth}.`,
      );
    if (this.tokensUsed >= maxTreeTokens)
      throw new SubagentBudgetError(
        "tree_tokens",
        `The sub-agents of this tree used ${this.tokensUsed} tokens; the budget is ${maxTreeTokens}.`,
      );
    let known = this.children.get(parentSessionId);
    if (!known) {
      known = this.runtime
        .sessions({ parentId: parentSessionId })
        .then((sessions) => new Set(sessions.map((session) => session.id)));
      this.children.set(parentSessionId, known);
    }
    const started = await known;
    if (started.size >= maxPerSession)
      throw new SubagentBudgetError(
        "per_session",
        `This session started ${started.size} sub-agents already; it may start ${maxPerSession}.`,
      );
    started.add(`call:${callId}`);
  }
}
