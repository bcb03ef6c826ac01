import { AgentEvent } from "../core/index.js";
import { InvalidProgressError } from "./invalid-progress-error.js";
import { jsonProblem } from "./json-value.js";
import type { ToolProgress } from "./tool-context.js";

/** Characters of one progress report (message and data serialised): progress is a signal, not a payload. */
export const MAX_PROGRESS_CHARS = 64 * 1024;

/** A call's progress channel and what the runtime needs to know about it afterwards. */
export interface ProgressChannel {
  readonly progress: ToolProgress;
  /** The first report that was refused: the call fails with it, even if the tool caught the throw. */
  readonly failure: InvalidProgressError | undefined;
  /** Ends the channel: later reports are dropped (the call's result is already journaled, or about to be). */
  close(): void;
}

/**
 * The progress channel of one call. Every report is built into an event here and checked — a JSON value, within
 * its size, valid against the vocabulary — before `append` journals it, so a tool cannot store what a later read
 * of the session would refuse.
 */
export function progressChannel(options: {
  toolName: string;
  callId: string;
  turnId: string;
  append(event: AgentEvent): void;
}): ProgressChannel {
  const { toolName, callId, turnId } = options;
  let failure: InvalidProgressError | undefined;
  let closed = false;

  const refuse = (problem: string): never => {
    const error = new InvalidProgressError(toolName, problem);
    failure ??= error;
    throw error;
  };

  const journal = (candidate: Record<string, unknown>) => {
    if (closed) return;
    const problem = jsonProblem(candidate, "the report");
    if (problem) refuse(problem);
    const size = JSON.stringify(candidate).length;
    if (size > MAX_PROGRESS_CHARS)
      refuse(`it is ${size} characters, over the limit of ${MAX_PROGRESS_CHARS}`);
    const parsed = AgentEvent.safeParse(candidate);
    if (!parsed.success)
      return refuse(
        parsed.error.issues
          .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
          .join("; "),
      );
    options.append(parsed.data);
  };

  const progress: ToolProgress = {
    report(update) {
      if (closed) return;
      if (typeof update !== "object" || update === null) return refuse("it is not an object");
      if (update.message !== undefined && typeof update.message !== "string")
        return refuse("its message is not a string");
      const { message, data } = update;
      journal({
        type: "progress.reported",
        turnId,
        callId,
        ...(message !== undefined ? { message } : {}),
        ...(data !== undefined ? { data } : {}),
      });
    },
    plan(update) {
      journal({
        type: "plan.updated",
        turnId,
        plan: update?.plan,
        ...(update?.explanation !== undefined ? { explanation: update.explanation } : {}),
      });
    },
    patchApplied(files) {
      journal({ type: "patch.applied", turnId, callId, files });
    },
  };
  return {
    progress,
    get failure() {
      return failure;
    },
    close() {
      closed = true;
    },
  };
}
