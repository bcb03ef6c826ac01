import { describe, expect, it } from "vitest";
import { memoryIO } from "../../test/support/memory-io.js";
import { runCli } from "./main.js";

const io = () => memoryIO();

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
