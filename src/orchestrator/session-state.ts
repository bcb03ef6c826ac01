import type {
  AgentDefinitionRecord,
  AgentEvent,
  ConversationItem,
  SessionGrant,
  SessionSettings,
  StoredEvent,
  Usage,
} from "../core/index.js";
import { InvalidInputError, ZERO_USAGE } from "../core/index.js";
import { truncateMiddle } from "../exec/index.js";
import { capTextParts } from "../tools/index.js";
import type { ApprovalAnswer, ApprovalRequest } from "./approval.js";

/** Characters of one tool result the model sees; the journal keeps more. */
export const MODEL_OUTPUT_LIMIT = 20_000;
/** User messages kept verbatim (newest first, up to this many characters) when the context is compacted. */
const KEPT_USER_CHARS = 20_000;

/** A tool call the model made that has no result yet. */
export interface PendingCall {
  turnId: string;
  callId: string;
  name: string;
  arguments: unknown;
  /** An approval asked for this call and not yet answered. */
  approvalId?: string;
  /**
   * The answer to this call's approval, given while the session was suspended on it (`awaiting-approval`): the
   * call never started, so it is not an interrupted one; the gate acts on the answer when the turn continues.
   */
  answer?: { approvalId: string; decision: ApprovalAnswer };
}

/** The turn in progress (or the last one). */
export interface TurnState {
  turnId: string;
  turn: number;
  input: string;
  status: "running" | "completed" | "failed" | "interrupted";
  /** Steps completed so far. */
  steps: number;
  /** True between `step.started` and `step.completed`: a crash here means the step is redone. */
  stepOpen: boolean;
  usage: Usage;
  /** Text of the last completed step. */
  lastText: string;
  /**
   * The last completed step made no tool calls and every call has a result: the model has answered and the turn
   * only has to end. Resume ends such a turn without asking the model again.
   */
  answered: boolean;
  /** Handoffs (`agent.handoff`) in this turn so far, which the team's `maxPerTurn` bounds. */
  handoffs: number;
}

/** Everything the runtime knows about a session, derived only from its journal. */
export interface SessionState {
  sessionId: string;
  cwd: string;
  settings: SessionSettings;
  /**
   * The settings as the session was started or last changed with (`session.started`, `settings.changed`), before
   * any handoff narrowed them: each agent handed the session is narrowed against these, never against the previous
   * agent's.
   */
  sessionSettings: SessionSettings;
  /** The effective agent definition (prompt, tools, limits); absent for sessions from before event schema 3. */
  definition?: AgentDefinitionRecord;
  forkedFrom?: { sessionId: string; turn: number };
  /** Set for a sub-agent's session: the session and `spawn_agent` call that started it. */
  parent?: { sessionId: string; callId: string; agent: string };
  /** The conversation as the model will see it. */
  items: ConversationItem[];
  turns: TurnState[];
  pending: Map<string, PendingCall>;
  /** Tool calls of the open step, committed to `items` only when the step completes. */
  openStepCalls: PendingCall[];
  /**
   * What "approve for this session" let through, in the order it was granted: the one record of it, folded from
   * `approval.decided`, so the gate judges the same way live and after a restart.
   */
  sessionGrants: SessionGrant[];
  /** Checkpoints taken, in order. */
  checkpoints: { turnId?: string; checkpointId: string; phase: string }[];
  /** What approving each asked approval for the session would grant (see `approval.requested.grants`). */
  grantsOffered: Map<string, SessionGrant[]>;
  /** What each approval asked, while it waits for its answer. */
  approvalsAsked: Map<string, Omit<ApprovalRequest, "sessionId" | "approvalId">>;
  usage: Usage;
  /** Deferred tools listed to the model from now on (folded from `tool.result.revealed`). */
  revealedTools: Set<string>;
  lastSeq: number;
  /** How the last run ended (`session.ended`) when no turn started after it; unset while a run is due. */
  ended?: string;
}

/** A new, empty state; `session.started` fills it in. */
export function emptyState(sessionId: string): SessionState {
  const settings: SessionSettings = {
    model: "",
    sandbox: "workspace-write",
    network: "none",
    approval: "on-request",
    writableRoots: [],
  };
  return {
    sessionId,
    cwd: "",
    settings,
    sessionSettings: settings,
    items: [],
    turns: [],
    pending: new Map(),
    openStepCalls: [],
    sessionGrants: [],
    grantsOffered: new Map(),
    approvalsAsked: new Map(),
    checkpoints: [],
    usage: { ...ZERO_USAGE },
    revealedTools: new Set(),
    lastSeq: 0,
  };
}

function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
}

function keepRecentUserMessages(items: ConversationItem[]): ConversationItem[] {
  const kept: ConversationItem[] = [];
  let budget = KEPT_USER_CHARS;
  for (let i = items.length - 1; i >= 0 && budget > 0; i--) {
    const item = items[i]!;
    if (item.type !== "user") continue;
    kept.unshift(
      item.text.length > budget ? { type: "user", text: truncateMiddle(item.text, budget).text } : item,
    );
    budget -= item.text.length;
  }
  return kept;
}

/** Applies one event to the state, in place. This fold is the only way session state changes. */
export function applyEvent(state: SessionState, event: AgentEvent): void {
  const turn = state.turns.at(-1);
  switch (event.type) {
    case "session.started":
      state.cwd = event.cwd;
      state.settings = event.settings;
      state.sessionSettings = event.settings;
      if (event.forkedFrom) state.forkedFrom = event.forkedFrom;
      if (event.parent) state.parent = event.parent;
      if (event.definition) state.definition = event.definition;
      return;
    case "definition.changed":
      state.definition = event.definition;
      return;
    case "settings.changed":
      state.settings = event.settings;
      state.sessionSettings = event.settings;
      return;
    case "agent.handoff": {
      // The team travels with the session: each next agent may hand on within it.
      const team = state.definition?.handoffs;
      state.definition = { ...event.definition, ...(team ? { handoffs: team } : {}) };
      state.settings = event.settings;
      if (event.items) state.items = [...event.items];
      if (turn) turn.handoffs++;
      return;
    }
    case "turn.started":
      state.turns.push({
        turnId: event.turnId,
        turn: event.turn,
        input: event.input,
        status: "running",
        steps: 0,
        stepOpen: false,
        usage: { ...ZERO_USAGE },
        lastText: "",
        answered: false,
        handoffs: 0,
      });
      delete state.ended;
      state.items.push({ type: "user", text: event.input });
      return;
    case "step.started":
      if (turn) {
        turn.stepOpen = true;
        turn.answered = false;
      }
      state.openStepCalls = [];
      return;
    case "tool.call":
      state.openStepCalls.push({
        turnId: event.turnId,
        callId: event.callId,
        name: event.name,
        arguments: event.arguments,
      });
      return;
    case "tool.started": {
      const call = state.pending.get(event.callId);
      if (call) delete call.answer;
      return;
    }
    case "step.completed":
      if (event.reasoning) state.items.push({ type: "reasoning", text: event.reasoning });
      if (event.text) state.items.push({ type: "assistant", text: event.text });
      if (turn) turn.answered = state.openStepCalls.length === 0;
      for (const call of state.openStepCalls) {
        state.items.push({
          type: "tool_call",
          callId: call.callId,
          name: call.name,
          arguments: call.arguments,
        });
        state.pending.set(call.callId, call);
      }
      state.openStepCalls = [];
      if (turn) {
        turn.stepOpen = false;
        turn.steps++;
        turn.usage = addUsage(turn.usage, event.usage);
        turn.lastText = event.text;
      }
      state.usage = addUsage(state.usage, event.usage);
      return;
    case "tool.result": {
      state.pending.delete(event.callId);
      for (const name of event.revealed ?? []) state.revealedTools.add(name);
      const { text } = truncateMiddle(event.output, MODEL_OUTPUT_LIMIT);
      // Parts (JSON, images) reach the model as parts: their text cut like any output, images whole.
      const content =
        event.content &&
        capTextParts(event.content, MODEL_OUTPUT_LIMIT, (part, budget) => truncateMiddle(part, budget).text)
          .parts;
      state.items.push({
        type: "tool_result",
        callId: event.callId,
        name: event.name,
        output: event.interrupted ? `[interrupted] ${text}` : text,
        isError: !event.ok,
        ...(content ? { content } : {}),
      });
      return;
    }
    case "approval.requested": {
      const call = state.pending.get(event.callId);
      if (call) call.approvalId = event.approvalId;
      // Requests stored before grants were journaled: those builds remembered the exact call only.
      const grants = event.grants ?? [{ kind: "repeat", tool: event.tool, summary: event.summary }];
      state.grantsOffered.set(event.approvalId, grants);
      state.approvalsAsked.set(event.approvalId, {
        tool: event.tool,
        summary: event.summary,
        reason: event.reason,
        ...(event.rule ? { rule: event.rule } : {}),
        details: event.details,
      });
      return;
    }
    case "approval.decided": {
      const call = state.pending.get(event.callId);
      state.approvalsAsked.delete(event.approvalId);
      if (call?.approvalId === event.approvalId) {
        delete call.approvalId;
        // Answered while suspended: the call never started. The run the answer brings is due now, so an answer
        // given later in that run, in process, is an ordinary one.
        if (state.ended === "awaiting-approval") {
          call.answer = { approvalId: event.approvalId, decision: event.decision };
          delete state.ended;
        }
      }
      // The first answer to an approval is its answer: the offer is used up by it, so a second answer appended
      // later (another process, a replayed HTTP call) cannot turn a deny into a grant.
      const offered = state.grantsOffered.get(event.approvalId);
      state.grantsOffered.delete(event.approvalId);
      if (event.decision === "approve-session" || event.decision === "approve-always")
        state.sessionGrants.push(...(offered ?? []));
      return;
    }
    case "checkpoint.created":
      state.checkpoints.push({
        ...(event.turnId ? { turnId: event.turnId } : {}),
        checkpointId: event.checkpointId,
        phase: event.phase,
      });
      return;
    case "context.compacted":
      state.items = [...keepRecentUserMessages(state.items), { type: "summary", text: event.summary }];
      return;
    case "turn.completed":
    case "turn.failed":
    case "turn.interrupted":
      if (turn && turn.turnId === event.turnId) {
        turn.status =
          event.type === "turn.completed"
            ? "completed"
            : event.type === "turn.failed"
              ? "failed"
              : "interrupted";
        turn.stepOpen = false;
      }
      state.openStepCalls = [];
      return;
    case "session.ended":
      state.ended = event.reason;
      return;
    default:
      return;
  }
}

/** Rebuilds a session's state by folding its journal. */
export async function loadState(
  sessionId: string,
  events: AsyncIterable<StoredEvent>,
): Promise<SessionState> {
  const state = emptyState(sessionId);
  for await (const stored of events) {
    applyEvent(state, stored.event);
    state.lastSeq = stored.seq;
  }
  if (state.lastSeq === 0 || !state.cwd) {
    throw new InvalidInputError(`Session "${sessionId}" has no journal or no session.started event.`, {
      hint: "List the sessions there are (Agent.sessions) and use one of their ids.",
    });
  }
  return state;
}
