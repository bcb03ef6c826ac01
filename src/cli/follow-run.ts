import type { AgentRun, RunResult } from "../orchestrator/index.js";
import type { CliIO } from "./command.js";
import { HumanRenderer } from "./render/human-renderer.js";
import { eventJsonLine } from "./render/json-lines.js";

/** Exit codes of `exec` and `resume`. */
export const EXIT = { completed: 0, failed: 1, interrupted: 130 } as const;

/**
 * Streams a run to the terminal and returns its exit code. With `json`, stdout carries only events, one per line;
 * otherwise progress goes to stderr and the final message to stdout. The first Ctrl-C cancels the turn (and kills
 * its commands); a second one exits at once.
 */
export async function followRun(run: AgentRun, io: CliIO, json: boolean): Promise<number> {
  const renderer = json
    ? undefined
    : new HumanRenderer(io.stderr, Boolean((io.stderr as { isTTY?: boolean }).isTTY));
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    io.stderr.write("\nCancelling… (Ctrl-C again to quit at once)\n");
    run.abort("cancelled by the user");
  };
  process.on("SIGINT", onSigint);
  let result: RunResult;
  try {
    // JSON lines are a record: only events the journal has stored are printed (a full disk loses none of them).
    for await (const stored of run.events(json ? { stored: true } : {})) {
      if (json) io.stdout.write(eventJsonLine(stored));
      else renderer!.render(stored.event);
    }
    result = await run.result;
  } finally {
    process.off("SIGINT", onSigint);
    renderer?.close();
  }
  if (!json) {
    // On a terminal the streamed text already showed the answer; piped, stdout carries just the answer.
    const seen = io.stdoutIsTTY && Boolean((io.stderr as { isTTY?: boolean }).isTTY);
    if (result.finalMessage && !seen) io.stdout.write(`${result.finalMessage.trimEnd()}\n`);
    if (result.status === "failed") {
      io.stderr.write(
        `art: the turn failed: ${result.error?.message ?? "unknown error"} [${result.error?.code}]\n`,
      );
      io.stderr.write(`The session is kept; fix the cause, then run "art resume ${result.sessionId}".\n`);
    } else if (result.status === "interrupted") {
      io.stderr.write(`Interrupted. Continue with "art resume ${result.sessionId}".\n`);
    }
  }
  return EXIT[result.status];
}
