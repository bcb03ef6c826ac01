import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIO } from "./command.js";
import { runCli } from "./main.js";

function io(): CliIO & { out: () => string; err: () => string } {
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
    stdoutIsTTY: false,
    stdinIsTTY: false,
    env: {},
    cwd: "/",
    out: () => out,
    err: () => err,
  };
}

describe("runCli", () => {
  it("lists the commands on --help and exits 0", async () => {
    const terminal = io();
    expect(await runCli(["--help"], terminal)).toBe(0);
    expect(terminal.out()).toMatch(/exec +Run the agent/);
  });

  it("answers an unknown command or flag with a usage error (exit 2), never a stack trace", async () => {
    const unknown = io();
    expect(await runCli(["exce"], unknown)).toBe(2);
    expect(unknown.err()).toMatch(/unknown command "exce"/);
    const flag = io();
    expect(await runCli(["sessions", "--bogus"], flag)).toBe(2);
    expect(flag.err()).toBe(`art sessions: Unknown option '--bogus'. Run "art sessions --help" for usage.\n`);
  });
});
