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
}

/** A sub-command's entry point: returns the process exit code. */
export type CommandMain = (args: string[], io: CliIO) => Promise<number>;
