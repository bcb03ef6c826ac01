import { writeFileSync } from "node:fs";
import type { ErrorInfo } from "../core/index.js";
import type { AgentRun, RunResult } from "../orchestrator/index.js";
import type { CliIO } from "./command.js";
import type { OutputSchema } from "./output-schema.js";
import { HumanRenderer } from "./render/human-renderer.js";
import { JsonLines } from "./render/json-lines.js";

/** Exit codes of `exec` and `resume` (documented in their help and docs/json-output.md). */
export const EXIT = {
  completed: 0,
  failed: 1,
  interrupted: 130,
  /** The turn is suspended on an approval (a library or server that suspends; the CLI asks or denies). */
  "awaiting-approval": 4,
  SIGINT: 130,
  SIGHUP: 129,
  SIGTERM: 143,
  stdoutClosed: 141,
} as const;

/** How a run is followed. */
export interface FollowOptions {
  /** Print events as JSON lines on stdout, then a `result` line. */
  json?: boolean;
  /** Write the final message to this file when the run ends. */
  outputLastMessage?: string;
  /** The final message must be JSON valid against this schema. */
  outputSchema?: OutputSchema;
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
type StopSignal = (typeof SIGNALS)[number];

const STOP_REASONS: Record<StopSignal, string> = {
  SIGINT: "cancelled by the user",
  SIGTERM: "terminated (SIGTERM)",
  SIGHUP: "the terminal hung up (SIGHUP)",
};

/**
 * Streams a run to the terminal and returns its exit code. With `json`, stdout carries only events, one per line,
 * and a final `result` line; otherwise progress goes to stderr and the final message to stdout. The first SIGINT,
 * SIGTERM or SIGHUP cancels the turn (it is journaled as interrupted and the session stays resumable) and the exit
 * code names the signal (130, 143, 129); a second one exits at once. A closed stdout (`| head -1`) does the same,
 * quietly, with 141.
 */
export async function followRun(run: AgentRun, io: CliIO, options: FollowOptions = {}): Promise<number> {
  const json = Boolean(options.json);
  const renderer = json
    ? undefined
    : new HumanRenderer(io.stderr, Boolean((io.stderr as { isTTY?: boolean }).isTTY));
  const lines = new JsonLines(json ? await run.startingAgent() : undefined);
  let stopped: { code: number; reason: string } | undefined;
  const stop = (code: number, reason: string) => {
    if (stopped) process.exit(stopped.code);
    stopped = { code, reason };
    if (code === EXIT.SIGINT) write(io.stderr, "\nCancelling… (Ctrl-C again to quit at once)\n");
    run.abort(reason);
  };
  const handlers = SIGNALS.map((signal) => {
    const handler = () => stop(EXIT[signal], STOP_REASONS[signal]);
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  let stdoutClosed = false;
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    if (stdoutClosed) return;
    stdoutClosed = true;
    // A reader that went away (`| head -1`) ends the run like Ctrl-C, but quietly: nobody is left to read it.
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") {
      if (!stopped) {
        stopped = { code: EXIT.stdoutClosed, reason: "stdout was closed" };
        run.abort(stopped.reason);
      }
    } else {
      stopped ??= { code: EXIT.failed, reason: `stdout failed: ${error.message}` };
      run.abort(stopped.reason);
    }
  };
  const ignore = () => {};
  io.stdout.on("error", onStdoutError);
  io.stderr.on("error", ignore);
  const out = (text: string) => {
    if (!stdoutClosed) write(io.stdout, text);
  };
  let result: RunResult;
  try {
    let first = true;
    // JSON lines are a record: only events the journal has stored are printed (a full disk loses none of them).
    for await (const stored of run.events(json ? { stored: true } : {})) {
      if (first && !json && stored.event.type !== "session.started") {
        write(io.stderr, `resuming session ${stored.sessionId}\n`);
      }
      first = false;
      if (json) out(lines.event(stored));
      else renderer!.render(stored);
    }
    result = await run.result;
  } finally {
    for (const off of handlers) off();
    renderer?.close();
  }
  let error: ErrorInfo | undefined = result.error;
  let status = result.status;
  let output: unknown;
  if (status === "completed" && options.outputSchema) {
    const checked = options.outputSchema.check(result.finalMessage);
    if (checked.ok) output = checked.value;
    else {
      status = "failed";
      error = { code: checked.error.code, message: checked.error.message };
    }
  }
  if (options.outputLastMessage) writeFileSync(options.outputLastMessage, result.finalMessage);
  if (json) {
    out(
      lines.result({
        sessionId: result.sessionId,
        status,
        finalMessage: result.finalMessage,
        ...(output !== undefined ? { output } : {}),
        usage: result.usage,
        durationMs: result.durationMs,
        ...(error ? { error } : {}),
        ...(status === "interrupted" && stopped ? { reason: stopped.reason } : {}),
      }),
    );
  } else {
    // On a terminal the streamed text already showed the answer; piped, stdout carries just the answer.
    const seen = io.stdoutIsTTY && Boolean((io.stderr as { isTTY?: boolean }).isTTY);
    if (result.finalMessage && !seen) out(`${result.finalMessage.trimEnd()}\n`);
    write(io.stderr, finalLine(result.sessionId, status, error, result.status === "failed"));
  }
  io.stdout.off("error", onStdoutError);
  io.stdout.on("error", ignore);
  if (status === "interrupted" && stopped) return stopped.code;
  return EXIT[status];
}

/** The last line on stderr: how it ended, the session id and how to go on. Errors the renderer showed are not repeated. */
function finalLine(
  sessionId: string,
  status: RunResult["status"],
  error: ErrorInfo | undefined,
  shown: boolean,
) {
  if (status === "completed")
    return `Session ${sessionId} completed. Follow up with: art resume ${sessionId} "…"\n`;
  if (status === "interrupted")
    return `Session ${sessionId} interrupted. Continue with: art resume ${sessionId}\n`;
  if (status === "awaiting-approval")
    return `Session ${sessionId} is waiting for an approval. Answer it in a terminal with: art resume ${sessionId}\n`;
  const problem = shown || !error ? "" : `art: ${error.message} [${error.code}]\n`;
  return `${problem}Session ${sessionId} failed; it is kept. Fix the cause, then: art resume ${sessionId} (--model SPEC to change the model)\n`;
}

function write(stream: NodeJS.WritableStream, text: string): void {
  try {
    stream.write(text);
  } catch {
    // A stream destroyed under us (the terminal went away); its 'error' listener has the story.
  }
}
