import type { AgentEvent, ErrorInfo, ToolContentPart } from "../core/index.js";
import { AbortedError, ArtError, childController, describeError } from "../core/index.js";
import {
  type CommandRunner,
  capTextParts,
  type NormalResult,
  normalizeResult,
  progressChannel,
  type Tool,
  type ToolContext,
  ToolEffectsError,
  type ToolRegistry,
} from "../tools/index.js";
import type { HandoffHook } from "./handoff-hook.js";
import type { LiveSession } from "./live-session.js";
import type { PendingCall } from "./session-state.js";
import type { GateRequest, ToolGate } from "./tool-gate.js";

/** Characters of one tool result kept in the journal (its text; images are kept whole or refused). */
export const JOURNAL_OUTPUT_LIMIT = 1024 * 1024;

const JOURNAL_CUT_MARKER = "\n[… output cut at the journal's cap]";

/** What the tool phase needs from the session's runtime. */
export interface ToolPhase {
  session: LiveSession;
  registry: ToolRegistry;
  gate: ToolGate;
  commands: CommandRunner;
  signal: AbortSignal;
  /** Transfer calls (`transfer_to_<name>`), when the session's definition has a handoff team. */
  handoffs?: HandoffHook;
}

/** How the tool phase ended. */
export type ToolPhaseOutcome =
  | { kind: "done" }
  | { kind: "abort"; reason: string }
  /** A call waits for the answer to an approval: it and the calls after it stay pending. */
  | { kind: "suspend"; approvalIds: string[] }
  /** A transfer call handed the session to another agent (journaled): the step ends, the next runs under it. */
  | { kind: "handoff"; to: string }
  /** A transfer was not allowed (the turn's handoff limit): the turn fails with this error. */
  | { kind: "failed"; error: ErrorInfo };

interface ResultFields {
  ok: boolean;
  output: string;
  content?: ToolContentPart[];
  error?: { code: string; message: string };
  interrupted?: boolean;
  revealed?: string[];
}

const cutForJournal = (text: string, budget: number) => `${text.slice(0, budget)}${JOURNAL_CUT_MARKER}`;

function recordResult(phase: ToolPhase, call: PendingCall, result: ResultFields): void {
  phase.session.append(resultEvent(call, result));
}

function resultEvent(call: PendingCall, result: ResultFields): AgentEvent {
  const truncated = result.output.length > JOURNAL_OUTPUT_LIMIT;
  const content = result.content && capTextParts(result.content, JOURNAL_OUTPUT_LIMIT, cutForJournal);
  return {
    type: "tool.result",
    turnId: call.turnId,
    callId: call.callId,
    name: call.name,
    ok: result.ok,
    output: truncated ? cutForJournal(result.output, JOURNAL_OUTPUT_LIMIT) : result.output,
    truncated: truncated || (content?.truncated ?? false),
    ...(result.error ? { error: result.error } : {}),
    interrupted: result.interrupted ?? false,
    ...(content ? { content: content.parts } : {}),
    ...(result.revealed?.length ? { revealed: result.revealed } : {}),
  };
}

function unsandboxed(commands: CommandRunner): CommandRunner {
  return { run: (command, context) => commands.run({ ...command, unsandboxed: true }, context) };
}

/** The runner a `read` tool gets: running a command is not reading, and the policy judged it as a reader. */
function refusingRunner(tool: Tool<unknown>): CommandRunner {
  return {
    run: async () => {
      throw new ToolEffectsError(tool.name, "run a command", tool.effects);
    },
  };
}

/** Runs the tool once with a fresh progress channel; a refused progress report fails the call. */
async function runTool(
  phase: ToolPhase,
  request: GateRequest,
  commands: CommandRunner,
  signal: AbortSignal,
): Promise<NormalResult> {
  const { call, tool, args } = request;
  const state = phase.session.state;
  const channel = progressChannel({
    toolName: tool.name,
    callId: call.callId,
    turnId: call.turnId,
    append: (event) => phase.session.append(event),
  });
  const context: ToolContext = {
    sessionId: phase.session.id,
    callId: call.callId,
    turnId: call.turnId,
    cwd: state.cwd,
    settings: state.settings,
    signal,
    commands: tool.effects === "read" ? refusingRunner(tool) : commands,
    progress: channel.progress,
    durable: () => phase.session.flush(),
  };
  try {
    const output = await tool.execute(args, context);
    // Even if the tool caught the refusal and went on, the call fails: its progress was not what it said.
    if (channel.failure) throw channel.failure;
    return normalizeResult(tool.name, output);
  } finally {
    channel.close();
  }
}

/** Runs one call; returns its result (to be journaled in the model's order) and whether the turn must stop. */
async function runOne(
  phase: ToolPhase,
  call: PendingCall,
): Promise<{ result?: ResultFields; outcome: ToolPhaseOutcome; after?: () => void }> {
  let tool: Tool<unknown>;
  let args: unknown;
  try {
    ({ tool, args } = await phase.registry.resolve(call.name, call.arguments));
  } catch (error) {
    const info = describeError(error);
    return { result: { ok: false, output: info.message, error: info }, outcome: { kind: "done" } };
  }
  const request: GateRequest = { call, tool, args, session: phase.session, signal: phase.signal };
  const verdict = await phase.gate.check(request);
  if (verdict.kind === "abort") {
    return {
      result: { ok: false, output: `Not run: ${verdict.reason}`, interrupted: true },
      outcome: { kind: "abort", reason: verdict.reason },
    };
  }
  if (verdict.kind === "refuse")
    return { result: { ok: false, output: verdict.output }, outcome: { kind: "done" } };
  if (verdict.kind === "suspend") return { outcome: { kind: "suspend", approvalIds: [verdict.approvalId] } };
  const { controller, dispose } = childController(phase.signal);
  const commands = verdict.unsandboxed ? unsandboxed(phase.commands) : phase.commands;
  try {
    let result = await runTool(phase, request, commands, controller.signal);
    if (result.sandboxDenied && !verdict.unsandboxed && phase.gate.afterSandboxDenial) {
      const retry = await phase.gate.afterSandboxDenial(request, result.sandboxDenied);
      if (retry.kind === "run")
        result = await runTool(phase, request, unsandboxed(phase.commands), controller.signal);
      else if (retry.kind === "abort") {
        return {
          result: { ok: false, output: result.output },
          outcome: { kind: "abort", reason: retry.reason },
        };
      }
    }
    const { ok, output, content, revealed } = result;
    return {
      result: { ok, output, ...(content ? { content } : {}), ...(revealed ? { revealed } : {}) },
      outcome: { kind: "done" },
      after: () => phase.gate.ran?.(request, { ok, output }),
    };
  } catch (error) {
    if (AbortedError.isAbort(error) && phase.signal.aborted) {
      recordResult(phase, call, { ok: false, output: "Cancelled by the user.", interrupted: true });
      throw error;
    }
    const info = describeError(error);
    const output = ArtError.isInstance(error) ? info.message : `Tool failed: ${info.message}`;
    return { result: { ok: false, output, error: info }, outcome: { kind: "done" } };
  } finally {
    dispose();
  }
}

/**
 * Runs the pending tool calls of the last step in the model's order. Consecutive read-only calls run in parallel;
 * anything that writes or executes runs alone. Each result is made durable before the next call starts, so a crash
 * never runs a finished call twice.
 */
export async function executeTools(phase: ToolPhase, calls: PendingCall[]): Promise<ToolPhaseOutcome> {
  const { handoffs } = phase;
  const state = phase.session.state;
  // The step's first transfer ends it: the calls before it run as usual, it and the rest are settled after them.
  const transfer = handoffs ? calls.findIndex((call) => handoffs.targetOf(state, call.name)) : -1;
  const runnable = transfer < 0 ? calls.length : transfer;
  let index = 0;
  while (index < runnable) {
    const batch = [calls[index]!];
    // `parallel` tools (spawn_agent) bound their own concurrency and may run beside reads and each other.
    const isRead = (call: PendingCall) => {
      const tool = phase.registry.get(call.name);
      return tool?.effects === "read" || tool?.parallel === true;
    };
    if (isRead(batch[0]!)) {
      while (index + batch.length < runnable && isRead(calls[index + batch.length]!)) {
        batch.push(calls[index + batch.length]!);
      }
    }
    index += batch.length;
    const ran = await Promise.all(batch.map((call) => runOne(phase, call)));
    const abort = ran.map((item) => item.outcome).find((outcome) => outcome.kind === "abort");
    const notRun = { ok: false, output: "Not run: the turn was aborted.", interrupted: true };
    // Journaled in the model's order, whatever order the parallel calls finished in. A call left waiting for an
    // approval has no result yet, unless the turn is being aborted.
    for (const [position, item] of ran.entries()) {
      if (!item.result && !abort) continue;
      recordResult(phase, batch[position]!, item.result ?? notRun);
      item.after?.();
    }
    await phase.session.flush();
    if (abort) {
      for (const rest of calls.slice(index)) recordResult(phase, rest, notRun);
      await phase.session.flush();
      return abort;
    }
    const waiting = ran.flatMap((item) => (item.outcome.kind === "suspend" ? item.outcome.approvalIds : []));
    // The calls after it wait too: they run in the model's order, once the answer is in.
    if (waiting.length > 0) return { kind: "suspend", approvalIds: waiting };
  }
  return handoffs && transfer >= 0 ? handOff(phase, handoffs, calls, transfer) : { kind: "done" };
}

/**
 * Settles a step's calls from its first transfer on. The calls after it get their (error) results first; then the
 * transfer's result and its `agent.handoff` are appended together and flushed, so a crash leaves either both (the
 * new agent has the session) or the transfer still pending, which recovery leaves to run again (transfer tools are
 * `resumable`): the handoff is never lost nor made twice.
 */
async function handOff(
  phase: ToolPhase,
  hook: HandoffHook,
  calls: PendingCall[],
  transfer: number,
): Promise<ToolPhaseOutcome> {
  const { session } = phase;
  const call = calls[transfer]!;
  const to = hook.targetOf(session.state, call.name)!;
  for (const rest of calls.slice(transfer + 1)) {
    const other = hook.targetOf(session.state, rest.name);
    const output =
      other !== undefined
        ? `Not run: only a step's first transfer counts, and this step transferred to ${to}.`
        : `Not run: this step transferred the conversation to ${to}.`;
    recordResult(phase, rest, {
      ok: false,
      output,
      ...(other !== undefined ? { error: { code: "agent.handoff_superseded", message: output } } : {}),
    });
  }
  let args: unknown;
  try {
    ({ args } = await phase.registry.resolve(call.name, call.arguments));
  } catch (error) {
    const info = describeError(error);
    recordResult(phase, call, { ok: false, output: info.message, error: info });
    await session.flush();
    return { kind: "done" };
  }
  const output = `Transferred to ${to}.`;
  let handoff: AgentEvent;
  try {
    handoff = hook.handoff(session.state, call, args, output);
  } catch (error) {
    const info = describeError(error);
    recordResult(phase, call, { ok: false, output: info.message, error: info });
    await session.flush();
    return { kind: "failed", error: info };
  }
  session.append(resultEvent(call, { ok: true, output }), handoff);
  await session.flush();
  return { kind: "handoff", to };
}
