import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import type { AgentEvent } from "../core/index.js";
import { AbortedError } from "../core/index.js";
import type { CommandOutcome, CommandRequest, CommandRunner } from "../tools/index.js";
import { type CommandSlots, processCommandSlots } from "./command-slots.js";
import { killGroupOnExit } from "./kill-on-exit.js";
import { HeadTailBuffer } from "./output-buffer.js";
import { signalGroup, terminateGroup } from "./process-group.js";

/** How a command is actually launched: lets the sandbox wrap the argv (or refuse). */
export type SpawnPreparer = (
  argv: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; unsandboxed: boolean },
) => {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  sandbox?: string;
  /** The signal that makes a supervising launcher kill the command's whole tree (instead of SIGKILL). */
  killSignal?: number;
};

/** Options for {@link ProcessCommandRunner}. */
export interface ProcessRunnerOptions {
  /** Journals `exec.*` events. */
  emit: (event: AgentEvent) => void;
  /** Environment given to commands. */
  env: NodeJS.ProcessEnv;
  /** Wraps the argv in the sandbox launcher; without it commands run bare. */
  prepare?: SpawnPreparer;
  /** Explains a failure caused by the sandbox, when it was. */
  explainDenial?: (result: { exitCode: number | null; output: string }) => string | undefined;
  /**
   * Makes a redacting filter for one output stream (secret redaction): `push` returns what is safe to show of the
   * text so far (holding back a possible secret's beginning), `end` the rest.
   */
  redactStream?: () => { push(chunk: string): string; end(): string };
  /** Characters of output kept for the result (head and tail). Default 256 KiB. */
  maxOutputChars?: number;
  /** Characters of `exec.output` journaled per command before the rest is elided. Default 1 MiB. */
  maxJournaledChars?: number;
  /** Grace between SIGTERM and SIGKILL. Default 500 ms. */
  killGraceMs?: number;
  /** Run `bash -lc` (a login shell, which sources the user's profile) instead of `bash -c`. Default false. */
  loginShell?: boolean;
  /** Where each command waits for a slot before it is spawned; default the process's {@link processCommandSlots}. */
  slots?: CommandSlots;
  /** Whose turn a command takes in the slots' round-robin (the session id); default one shared owner. */
  slotOwner?: string;
}

/**
 * Runs `bash -c <command>` (`-lc` with `loginShell`) in its own process group, streams output as `exec.output`
 * events, and kills the whole group on timeout, on abort, after the command exits (so no background child outlives
 * it), and when the runtime exits while it runs. `prepare` decides how it is launched: through the sandbox launcher,
 * or — unsandboxed — through the launcher's supervise-only mode, which also kills the command when the runtime is
 * killed outright.
 */
export class ProcessCommandRunner implements CommandRunner {
  constructor(private readonly options: ProcessRunnerOptions) {}

  async run(
    request: CommandRequest,
    context: { callId: string; signal: AbortSignal },
  ): Promise<CommandOutcome> {
    if (context.signal.aborted) throw new AbortedError();
    // Waits before `exec.begin`: a command journaled as begun is one that was spawned. A cancel while waiting
    // gives up the place in the queue and throws AbortedError, as a cancel during the run does.
    const slots = this.options.slots ?? processCommandSlots();
    const release = await slots.acquire(this.options.slotOwner ?? "", context.signal);
    try {
      return await this.runNow(request, context);
    } finally {
      release();
    }
  }

  private async runNow(
    request: CommandRequest,
    context: { callId: string; signal: AbortSignal },
  ): Promise<CommandOutcome> {
    const { emit, env } = this.options;
    const argv = ["bash", this.options.loginShell ? "-lc" : "-c", request.command];
    const prepared = this.options.prepare
      ? this.options.prepare(argv, { cwd: request.cwd, env, unsandboxed: request.unsandboxed === true })
      : { file: argv[0]!, args: argv.slice(1), env };
    emit({
      type: "exec.begin",
      callId: context.callId,
      command: request.command,
      cwd: request.cwd,
      ...(prepared.sandbox ? { sandbox: prepared.sandbox } : {}),
    });
    const started = performance.now();
    const child = spawn(prepared.file, prepared.args, {
      cwd: request.cwd,
      env: prepared.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const killSignal = prepared.killSignal ?? "SIGKILL";
    const untrack = killGroupOnExit(child, killSignal);
    const output = new HeadTailBuffer(this.options.maxOutputChars ?? 256 * 1024);
    let journaledBudget = this.options.maxJournaledChars ?? 1024 * 1024;
    const filters = {
      stdout: this.options.redactStream?.(),
      stderr: this.options.redactStream?.(),
    };
    const deliver = (stream: "stdout" | "stderr", chunk: string) => {
      if (chunk.length === 0) return;
      output.push(chunk);
      if (journaledBudget > 0) {
        const piece = chunk.length > journaledBudget ? chunk.slice(0, journaledBudget) : chunk;
        journaledBudget -= piece.length;
        emit({ type: "exec.output", callId: context.callId, stream, chunk: piece });
        if (journaledBudget <= 0) {
          emit({
            type: "exec.output",
            callId: context.callId,
            stream,
            chunk: "\n[output elided from the journal]\n",
          });
        }
      }
    };
    const onData = (stream: "stdout" | "stderr", decoder: StringDecoder) => (data: Buffer) => {
      const text = decoder.write(data);
      deliver(stream, filters[stream] ? filters[stream].push(text) : text);
    };
    child.stdout?.on("data", onData("stdout", new StringDecoder("utf8")));
    child.stderr?.on("data", onData("stderr", new StringDecoder("utf8")));
    // Watch for the end of output from the start: the pipes may close before the exit event arrives.
    const stdoutClosed = closed(child.stdout);
    const stderrClosed = closed(child.stderr);

    let timedOut = false;
    let aborted = false;
    const grace = this.options.killGraceMs ?? 500;
    const timer = setTimeout(() => {
      timedOut = true;
      void terminateGroup(child, grace, killSignal);
    }, request.timeoutMs);
    const onAbort = () => {
      aborted = true;
      void terminateGroup(child, grace, killSignal);
    };
    context.signal.addEventListener("abort", onAbort, { once: true });

    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
      (resolve) => {
        child.once("error", (error) => resolve({ code: null, signal: null, error }));
        child.once("exit", (code, signal) => resolve({ code, signal }));
      },
    );
    clearTimeout(timer);
    context.signal.removeEventListener("abort", onAbort);
    // Background children would keep the pipes open forever; the command is over, so is its group.
    signalGroup(child, "SIGKILL");
    untrack();
    await settleWithin(Promise.all([stdoutClosed, stderrClosed]), 200);
    for (const stream of ["stdout", "stderr"] as const) {
      const rest = filters[stream]?.end();
      if (rest) deliver(stream, rest);
    }

    if (exit.error) output.push(`failed to start: ${exit.error.message}\n`);
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
    const text = output.toString();
    const exitCode = exit.error ? 127 : exit.code;
    const sandboxDenied =
      exitCode !== 0 && !timedOut && !aborted
        ? this.options.explainDenial?.({ exitCode, output: text })
        : undefined;
    emit({
      type: "exec.end",
      callId: context.callId,
      exitCode,
      signal: exit.signal,
      durationMs,
      timedOut,
      ...(sandboxDenied ? { sandboxDenied } : {}),
    });
    if (aborted) throw new AbortedError("The command was cancelled.");
    return {
      exitCode,
      signal: exit.signal,
      output: text,
      truncated: output.truncated,
      timedOut,
      durationMs,
      ...(sandboxDenied ? { sandboxDenied } : {}),
    };
  }
}

function closed(stream: NodeJS.ReadableStream | null): Promise<void> {
  if (!stream) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once("close", () => resolve());
    stream.once("error", () => resolve());
  });
}

/** Waits for `promise`, but no longer than `ms`: a grandchild that escaped the group (setsid) may hold a pipe. */
function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
