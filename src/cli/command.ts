import type { Readable, Writable } from "node:stream";

/** The terminal as a command sees it. Commands write results to stdout and everything else to stderr. */
export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  /** True when stdout is a terminal (enables colours and the status line). */
  stdoutIsTTY: boolean;
  /** True when stdin is a terminal (enables interactive approvals). */
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Aborted when stdout's reader goes away (`art sessions | head -1`). `runCli` sets it; read commands are simply
   * ended with exit 141, and a command that declares `ownsClosedStdout` (a running turn) listens to stop cleanly.
   */
  stdoutClosed?: AbortSignal;
}

/** A sub-command's entry point: returns the process exit code. */
export type CommandMain = (args: string[], io: CliIO) => Promise<number>;
