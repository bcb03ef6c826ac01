import type { ErrorInfo } from "../core/index.js";
import { AbortedError, describeError, newId } from "../core/index.js";
import type { ModelClient, ModelRequest } from "../model/index.js";
import { ContextBuilder } from "./context-builder.js";
import type { ContextProvider } from "./context-provider.js";
import { executeTools, type ToolPhase } from "./execute-tools.js";
import type { LiveSession } from "./live-session.js";
import { MaxStepsError } from "./max-steps-error.js";
import { sampleStep } from "./sample-step.js";
import { buildSystemPrompt } from "./system-prompt.js";

/** The loop's next move after each phase. */
export type NextMove =
  | { kind: "run-again" }
  | { kind: "final"; text: string }
  | { kind: "interrupted"; reason: string }
  | { kind: "failed"; error: ErrorInfo }
  /** Suspended: the turn waits for the answers to these approvals (journaled), holding nothing meanwhile. */
  | { kind: "awaiting-approval"; approvalIds: string[] }
  /** Handed to another agent (journaled): the turn goes on, under that agent's definition, model and tools. */
  | { kind: "handoff"; to: string };

/**
 * Hooks around a turn (checkpoints). Failures in them are journaled as errors, never fatal to the turn.
 * `turnStarted` runs concurrently with the turn's first model request; no tool of the turn starts before it has
 * finished, and `turnEnded` runs after it.
 */
export interface TurnHooks {
  turnStarted?(session: LiveSession, turnId: string): Promise<void>;
  turnEnded?(session: LiveSession, turnId: string): Promise<void>;
}

/** Everything a turn needs. */
export interface TurnRuntime extends ToolPhase {
  model: ModelClient;
  /** Extra system instructions. */
  instructions?: string;
  /** Structured output asked for this run's answers (`--output-schema`). */
  responseFormat?: ModelRequest["responseFormat"];
  /** Sampling steps allowed in one turn. */
  maxSteps: number;
  /** Compact the context when it would exceed this many tokens. */
  compactAtTokens: number;
  /** Contributors of per-step context items (memory retrieval, later); none by default. */
  contextProviders?: readonly ContextProvider[];
  hooks?: TurnHooks;
}

/** Journals `turn.started` for a new turn and returns its id. */
export function startTurn(session: LiveSession, input: string): string {
  const turnId = newId("turn_");
  session.append({ type: "turn.started", turnId, turn: session.state.turns.length, input });
  return turnId;
}

async function nextMove(
  runtime: TurnRuntime,
  turnId: string,
  started: Promise<void>,
  context: ContextBuilder,
): Promise<NextMove> {
  const { session } = runtime;
  const current = session.state.turns.at(-1)!;
  // The answer is journaled (a crash came between it and `turn.completed`): end the turn, never ask again.
  if (current.answered) return { kind: "final", text: current.lastText };
  const pending = [...session.state.pending.values()].filter((call) => call.turnId === turnId);
  if (pending.length > 0) {
    // The turn-start snapshot must hold the workspace as it was before any tool of this turn touched it.
    await started;
    const outcome = await executeTools(runtime, pending);
    if (outcome.kind === "abort") return { kind: "interrupted", reason: outcome.reason };
    if (outcome.kind === "suspend") return { kind: "awaiting-approval", approvalIds: outcome.approvalIds };
    if (outcome.kind === "handoff") return { kind: "handoff", to: outcome.to };
    if (outcome.kind === "failed") return { kind: "failed", error: outcome.error };
  }
  const turn = session.state.turns.at(-1)!;
  if (turn.steps >= runtime.maxSteps)
    return { kind: "failed", error: new MaxStepsError(runtime.maxSteps).toJSON() };
  const request = await context.build();
  // The model client owns the request's one retry budget, a step that broke mid-stream included.
  const step = await sampleStep(session, runtime.model, request, turnId, runtime.signal);
  context.sampled(step.usage);
  return step.toolCalls > 0 ? { kind: "run-again" } : { kind: "final", text: step.text };
}

/** The turn's context builder: the session's system prompt (read once per turn, AGENTS.md with it), compaction. */
function turnContext(runtime: TurnRuntime, turnId: string): ContextBuilder {
  const { session } = runtime;
  return new ContextBuilder({
    session,
    model: runtime.model,
    turnId,
    signal: runtime.signal,
    systemPrompt: () =>
      buildSystemPrompt({
        cwd: session.state.cwd,
        settings: session.state.settings,
        ...(runtime.instructions ? { instructions: runtime.instructions } : {}),
      }),
    // Per step: a tool search in one step lists what it found in the next.
    tools: () => runtime.registry.listedSpecs(session.state.revealedTools),
    ...(runtime.responseFormat ? { responseFormat: runtime.responseFormat } : {}),
    compactAtTokens: runtime.compactAtTokens,
    ...(runtime.contextProviders ? { providers: runtime.contextProviders } : {}),
  });
}

/** Why the run was aborted, as the journal says it (`AgentRun.abort(reason)`: a signal, a closed stdout, …). */
function abortReason(signal: AbortSignal): string {
  return typeof signal.reason === "string" && signal.reason ? signal.reason : "cancelled by the user";
}

async function runHook(session: LiveSession, turnId: string, hook: (() => Promise<void>) | undefined) {
  if (!hook) return;
  try {
    await hook();
  } catch (error) {
    session.append({ type: "error", turnId, error: describeError(error), willRetry: false });
  }
}

/**
 * Drives a started (or resumed) turn to its end: tools, sampling, compaction, until the model stops calling tools,
 * the turn is cancelled, or it fails. The terminal event is durable when this resolves.
 */
export async function runTurn(runtime: TurnRuntime, turnId: string): Promise<NextMove> {
  const { session, hooks } = runtime;
  // The turn's start (its task) is durable before anything acts on it: the checkpoint, the model call.
  await session.flush();
  // Runs concurrently with the first model request (it never rejects: runHook journals failures); every tool waits
  // for it, and so does the turn's end.
  const started = runHook(session, turnId, hooks?.turnStarted && (() => hooks.turnStarted!(session, turnId)));
  const context = turnContext(runtime, turnId);
  let move: NextMove = { kind: "run-again" };
  try {
    while (move.kind === "run-again") move = await nextMove(runtime, turnId, started, context);
  } catch (error) {
    move =
      AbortedError.isAbort(error) && runtime.signal.aborted
        ? { kind: "interrupted", reason: abortReason(runtime.signal) }
        : { kind: "failed", error: describeError(error) };
  }
  await started;
  // A suspended turn has not ended, nor one handed to another agent: its end snapshot comes when it does.
  if (move.kind !== "awaiting-approval" && move.kind !== "handoff")
    await runHook(session, turnId, hooks?.turnEnded && (() => hooks.turnEnded!(session, turnId)));
  const turn = session.state.turns.at(-1)!;
  if (move.kind === "final") session.append({ type: "turn.completed", turnId, usage: turn.usage });
  else if (move.kind === "failed") session.append({ type: "turn.failed", turnId, error: move.error });
  else if (move.kind === "interrupted")
    session.append({ type: "turn.interrupted", turnId, reason: move.reason });
  await session.flush();
  return move;
}
