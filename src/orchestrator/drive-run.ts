import { describeError } from "../core/index.js";
import type { ModelClient } from "../model/index.js";
import { type Tool, ToolRegistry } from "../tools/index.js";
import type { RunResult } from "./agent-run.js";
import type { ApprovalRequest } from "./approval.js";
import type { HandoffHook } from "./handoff-hook.js";
import type { LiveSession } from "./live-session.js";
import { isUnendedCompletedRun, recoverInterruptedCalls } from "./recovery.js";
import { type NextMove, runTurn, startTurn, type TurnRuntime } from "./run-turn.js";
import { NothingToResumeError } from "./session-errors.js";
import {
  buildSessionServices,
  permissionsKey,
  type ServicesOptions,
  type SessionServices,
} from "./session-services.js";
import type { SessionState } from "./session-state.js";
import { CODING_PROMPT, composeSystemPrompt } from "./system-prompt.js";

/** One run of a claimed session, as {@link driveRun} needs it. */
export interface DriveRequest {
  session: LiveSession;
  /** The checked model client for the session's settings. */
  model: ModelClient;
  /** A follow-up message that starts a new turn after the unfinished one (if any). */
  message: string | undefined;
  signal: AbortSignal;
  /** When the run was asked for, for `durationMs`. */
  startedAt: number;
  /** What the run's services are built from besides the journal. */
  services: ServicesOptions;
  outputSchema?: Record<string, unknown>;
  /** Transfer calls, for sessions whose definition has a handoff team. */
  handoffs?: HandoffHook;
  /**
   * After a handoff: the model client and tool implementations of the agent the session was handed to (its
   * definition and settings are in `state`). Required with `handoffs`.
   */
  switchAgent?: (state: SessionState) => Promise<{ model: ModelClient; tools: Tool<unknown>[] }>;
}

/**
 * Runs a session until its turns are done: finishes an unfinished turn (recovering interrupted calls), then the
 * follow-up, then journals `session.ended`. Failures a turn records make `status: "failed"`, never a rejection.
 */
export async function driveRun(request: DriveRequest): Promise<RunResult> {
  const { session, model, message } = request;
  const usageBefore = { ...session.state.usage };
  const last = session.state.turns.at(-1);
  const unfinished = last && last.status !== "completed" ? last : undefined;
  if (!message && !unfinished) {
    // A crash between `turn.completed` and `session.ended` leaves only the end to journal.
    if (isUnendedCompletedRun(session)) return endRun(request, { kind: "final", text: "" }, usageBefore);
    throw new NothingToResumeError(session.id);
  }
  if (unfinished) {
    const resumable = new Set(
      request.services.tools.filter((tool) => tool.resumable).map((tool) => tool.name),
    );
    await recoverInterruptedCalls(session, (name) => resumable.has(name));
  }
  // The task is journaled before anything that can fail, so a failure building the tools never loses it.
  let turnId = unfinished?.turnId ?? startTurn(session, message!);
  let move: NextMove;
  let services: SessionServices | undefined;
  try {
    services = await buildSessionServices(session, model, request.services);
    let runtime = turnRuntime(request, services, services.model, services.tools);
    // A handoff ends a step, not the turn: the turn goes on under the next agent (journaled before we get here).
    const drive = async (id: string): Promise<NextMove> => {
      let next = await runTurn(runtime, id);
      while (next.kind === "handoff") {
        // Owned by handedOff until it returns (it disposes of them on failure), so they are disposed once.
        const current = services!;
        services = undefined;
        ({ services, runtime } = await handedOff(request, current));
        next = await runTurn(runtime, id);
      }
      return next;
    };
    move = await drive(turnId);
    if (unfinished && message && move.kind === "final") {
      turnId = startTurn(session, message);
      move = await drive(turnId);
    }
  } catch (error) {
    // Failures before the turn could run land here, and a journal that cannot store runTurn's own end (a full
    // disk): that turn has its terminal event already, in memory, and must not get a second one.
    move = { kind: "failed", error: describeError(error) };
    if (session.state.turns.at(-1)?.status === "running")
      session.append({ type: "turn.failed", turnId, error: move.error });
  } finally {
    await services?.dispose();
  }
  return endRun(request, move, usageBefore);
}

/** The turn's runtime under the session's current (journaled) definition, with this model and these tools. */
function turnRuntime(
  request: DriveRequest,
  services: SessionServices,
  model: ModelClient,
  tools: Tool<unknown>[],
): TurnRuntime {
  const { session } = request;
  // The journaled definition rules the run; the runtime journals one before driving a session that had none.
  const { definition } = session.state;
  const instructions =
    definition?.systemPrompt ?? composeSystemPrompt(CODING_PROMPT, session.state.settings.instructions);
  return {
    session,
    model,
    registry: new ToolRegistry(tools),
    gate: services.gate,
    commands: services.commands,
    signal: request.signal,
    maxSteps: definition?.maxSteps ?? 100,
    compactAtTokens: Math.floor(model.contextWindow * (definition?.compactAt ?? 0.85)),
    hooks: services.hooks,
    ...(services.contextProviders.length > 0 ? { contextProviders: services.contextProviders } : {}),
    instructions,
    ...(request.outputSchema
      ? { responseFormat: { type: "json" as const, schema: request.outputSchema } }
      : {}),
    ...(request.handoffs && definition?.handoffs ? { handoffs: request.handoffs } : {}),
  };
}

/**
 * The services and turn runtime after a handoff: the next agent's model and tools; the gate, sandbox and commands
 * are rebuilt only when its permissions differ from the previous agent's (the common case keeps them).
 */
async function handedOff(
  request: DriveRequest,
  services: SessionServices,
): Promise<{ services: SessionServices; runtime: TurnRuntime }> {
  const { session } = request;
  let agent: { model: ModelClient; tools: Tool<unknown>[] };
  try {
    if (!request.switchAgent) throw new Error("driveRun: a handoff needs switchAgent");
    agent = await request.switchAgent(session.state);
  } catch (error) {
    await services.dispose();
    throw error;
  }
  const { model, tools } = agent;
  if (services.permissions === permissionsKey(session.state.settings)) {
    return { services, runtime: turnRuntime(request, services, model, services.wrap(tools)) };
  }
  await services.dispose();
  const next = await buildSessionServices(session, model, { ...request.services, tools });
  return { services: next, runtime: turnRuntime(request, next, model, next.tools) };
}

/** Journals `session.ended` for this run and builds its result. */
async function endRun(
  request: DriveRequest,
  move: NextMove,
  usageBefore: RunResult["usage"],
): Promise<RunResult> {
  const { session, signal } = request;
  const status =
    move.kind === "final"
      ? "completed"
      : move.kind === "failed"
        ? "failed"
        : move.kind === "awaiting-approval"
          ? "awaiting-approval"
          : "interrupted";
  session.append({
    type: "session.ended",
    reason: status === "interrupted" && signal.aborted ? "cancelled" : status,
  });
  await session.flush();
  const after = session.state.usage;
  return {
    sessionId: session.id,
    status,
    finalMessage: session.state.turns.at(-1)?.lastText ?? "",
    usage: {
      inputTokens: after.inputTokens - usageBefore.inputTokens,
      outputTokens: after.outputTokens - usageBefore.outputTokens,
      cachedInputTokens: after.cachedInputTokens - usageBefore.cachedInputTokens,
      reasoningTokens: after.reasoningTokens - usageBefore.reasoningTokens,
    },
    durationMs: Date.now() - request.startedAt,
    ...(move.kind === "failed" ? { error: move.error } : {}),
    ...(move.kind === "awaiting-approval"
      ? { awaitingApprovals: awaitingApprovals(session, move.approvalIds) }
      : {}),
  };
}

/** What the suspended turn waits for, as its `approval.requested` events asked. */
function awaitingApprovals(session: LiveSession, approvalIds: string[]): ApprovalRequest[] {
  return approvalIds.flatMap((approvalId) => {
    const asked = session.state.approvalsAsked.get(approvalId);
    return asked ? [{ sessionId: session.id, approvalId, ...asked }] : [];
  });
}
