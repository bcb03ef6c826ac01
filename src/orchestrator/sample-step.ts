import type { Usage } from "../core/index.js";
import { throwIfAborted, ZERO_USAGE } from "../core/index.js";
import type { ModelClient, ModelRequest } from "../model/index.js";
import type { LiveSession } from "./live-session.js";

const YIELD_EVERY = 256;

/** What one sampling step produced. */
export interface StepOutcome {
  text: string;
  /** Number of tool calls the model made (they are now pending in the session state). */
  toolCalls: number;
  finishReason: string;
  usage: Usage;
}

function parseArguments(raw: string): unknown {
  if (raw.trim() === "") return {};
  try {
    return JSON.parse(raw);
  } catch {
    // Kept as text: the tool registry turns it into an error the model can read.
    return raw;
  }
}

/**
 * Streams one model response into the journal: `step.started`, deltas as they arrive, then the tool calls and
 * `step.completed`. If the process dies before `step.completed`, resume redoes the whole step. The step is fsynced
 * before this resolves: a tool must never start (nor a turn end on the answer) while the call that asked for it
 * could still be lost, or resume would sample the step again and run its calls a second time.
 */
export async function sampleStep(
  session: LiveSession,
  model: ModelClient,
  request: ModelRequest,
  turnId: string,
  signal: AbortSignal,
): Promise<StepOutcome> {
  const turn = session.state.turns.at(-1);
  const step = turn?.steps ?? 0;
  session.append({ type: "step.started", turnId, step });
  let text = "";
  let reasoning = "";
  let finishReason = "unknown";
  let usage: Usage = { ...ZERO_USAGE };
  const calls: { callId: string; name: string; arguments: string }[] = [];
  let sinceYield = 0;
  for await (const event of model.stream(request, signal)) {
    // A model that streams faster than microtasks drain would starve subscribers, timers (the journal's group
    // commit) and other sessions; give the event loop a turn every so often.
    if (++sinceYield === YIELD_EVERY) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    switch (event.type) {
      case "text.delta":
        text += event.delta;
        session.append({ type: "message.delta", turnId, delta: event.delta });
        break;
      case "reasoning.delta":
        reasoning += event.delta;
        session.append({ type: "reasoning.delta", turnId, delta: event.delta });
        break;
      case "tool.call":
        calls.push(event);
        break;
      case "retry":
        session.append({ type: "error", turnId, error: event.error, willRetry: true });
        if (event.discarded) {
          // The client streams the whole response again: this is a new start of the same step.
          text = "";
          reasoning = "";
          calls.length = 0;
          session.append({ type: "step.started", turnId, step });
        }
        break;
      case "finish":
        finishReason = event.finishReason;
        usage = event.usage;
        break;
    }
  }
  throwIfAborted(signal);
  if (text) session.append({ type: "message.completed", turnId, text });
  session.append(
    ...calls.map((call) => ({
      type: "tool.call" as const,
      turnId,
      callId: call.callId,
      name: call.name,
      arguments: parseArguments(call.arguments),
    })),
    {
      type: "step.completed",
      turnId,
      step,
      text,
      ...(reasoning ? { reasoning } : {}),
      finishReason,
      usage,
    },
  );
  await session.flush();
  return { text, toolCalls: calls.length, finishReason, usage };
}
