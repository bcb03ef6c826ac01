import type { AgentEvent } from "../core/index.js";
import { AbortedError, ArtError, childController, describeError } from "../core/index.js";
import type { ToolRegistry } from "../tools/registry.js";
import type { CommandRunner, Tool } from "../tools/tool.js";
import type { LiveSession } from "./live-session.js";
import type { PendingCall } from "./session-state.js";
import type { ToolGate } from "./tool-gate.js";

/** Characters of one tool result kept in the journal. */
export const JOURNAL_OUTPUT_LIMIT = 1024 * 1024;

/** What the tool phase needs from the session's runtime. */
export interface ToolPhase {
  session: LiveSession;
  registry: ToolRegistry;
  gate: ToolGate;
  commands: CommandRunner;
  signal: AbortSignal;
}

/** How the tool phase ended. */
export type ToolPhaseOutcome =
  | { kind: "done" }
  | { kind: "abort"; reason: string }
  /** A call waits for the answer to an approval: it and the calls after it stay pending. */
  | { kind: "suspend"; approvalIds: string[] };

function recordResult(
  phase: ToolPhase,
  call: PendingCall,
  result: { ok: boolean; output: string; error?: { code: string; message: string }; interrupted?: boolean },
): void {
  const truncated = result.output.length > JOURNAL_OUTPUT_LIMIT;
  phase.session.append({
    type: "tool.result",
    turnId: call.turnId,
    callId: call.callId,
    name: call.name,
    ok: result.ok,
    output: truncated
      ? `${result.output.slice(0, JOURNAL_OUTPUT_LIMIT)}\n[… output cut at the journal's cap]`
      : result.output,
    truncated,
    ...(result.error ? { error: result.error } : {}),
    interrupted: result.interrupted ?? false,
  });
}

function unsandboxed(commands: CommandRunner): CommandRunner {
  return { run: (command, context) => commands.run({ ...command, unsandboxed: true }, context) };
}

type ResultFields = Parameters<typeof recordResult>[2];

/** Runs one call; returns its result (to be journaled in the model's order) and whether the turn must stop. */
async function runOne(
  phase: ToolPhase,
  call: PendingCall,
): Promise<{ result?: ResultFields; outcome: ToolPhaseOutcome; after?: () => void }> {
  let tool: Tool<unknown>;
  let args: unknown;
  try {
    ({ tool, args } = phase.registry.resolve(call.name, call.arguments));
  } catch (error) {
    const info = describeError(error);
    return { result: { ok: false, output: info.message, error: info }, outcome: { kind: "done" } };
  }
  const request = { call, tool, args, session: phase.session, signal: phase.signal };
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
  const state = phase.session.state;
  const commands = verdict.unsandboxed ? unsandboxed(phase.commands) : phase.commands;
  try {
    const context = {
      cwd: state.cwd,
      callId: call.callId,
      turnId: call.turnId,
      settings: state.settings,
      signal: controller.signal,
      emit: (event: AgentEvent) => phase.session.append(event),
      commands,
    };
    let result = await tool.run(args, context);
    if (result.sandboxDenied && !verdict.unsandboxed && phase.gate.afterSandboxDenial) {
      const retry = await phase.gate.afterSandboxDenial(request, result.sandboxDenied);
      if (retry.kind === "run")
        result = await tool.run(args, { ...context, commands: unsandboxed(phase.commands) });
      else if (retry.kind === "abort") {
        return {
          result: { ok: false, output: result.output },
          outcome: { kind: "abort", reason: retry.reason },
        };
      }
    }
    const ok = result.ok ?? true;
    return {
      result: { ok, output: result.output },
      outcome: { kind: "done" },
      after: () => phase.gate.ran?.(request, { ok, output: result.output }),
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
  let index = 0;
  while (index < calls.length) {
    const batch = [calls[index]!];
    const isRead = (call: PendingCall) => phase.registry.get(call.name)?.effects === "read";
    if (isRead(batch[0]!)) {
      while (index + batch.length < calls.length && isRead(calls[index + batch.length]!)) {
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
  return { kind: "done" };
}
