import { PassThrough } from "node:stream";
import type { CliIO } from "../../src/cli/command.js";

/** A CliIO over in-memory streams, with what was written to stdout and stderr. */
export function memoryIO(
  options: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {},
): CliIO & { stdin: PassThrough; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  return {
    stdout,
    stderr,
    stdin: new PassThrough(),
    stdoutIsTTY: options.tty ?? false,
    stdinIsTTY: options.tty ?? false,
    env: options.env ?? {},
    cwd: options.cwd ?? "/",
    out: () => out,
    err: () => err,
  };
}
