// `art sandbox` through the CLI entry point, with captured streams.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/main.js";
import { detectSandboxCapabilities } from "../../src/sandbox/index.js";

const runnable = detectSandboxCapabilities().launcher.available || Boolean(process.env.CI);

function captureIO(
  cwd: string,
  env: NodeJS.ProcessEnv,
): { io: CliIO; stdout: () => string; stderr: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk;
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk;
  });
  return {
    io: { stdout, stderr, stdin, stdoutIsTTY: false, stdinIsTTY: false, env, cwd },
    stdout: () => out,
    stderr: () => err,
  };
}

describe("art sandbox", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "art-cli-sandbox-"));
    env = {
      PATH: process.env.PATH,
      HOME: mkdtempSync(path.join(os.tmpdir(), "art-cli-home-")),
      ART_HOME: path.join(dir, ".art"),
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("prints help and rejects a missing command", async () => {
    const help = captureIO(dir, env);
    expect(await runCli(["sandbox", "--help"], help.io)).toBe(0);
    expect(help.stdout()).toContain("Usage: art sandbox");
    const bad = captureIO(dir, env);
    expect(await runCli(["sandbox", "--mode", "yolo", "--", "true"], bad.io)).toBe(2);
    expect(bad.stderr()).toContain("--mode must be one of");
    const missing = captureIO(dir, env);
    expect(await runCli(["sandbox"], missing.io)).toBe(2);
  });

  it.skipIf(!runnable)(
    "runs in the workspace, passes the exit code through and explains denials",
    async () => {
      const ok = captureIO(dir, env);
      const code = await runCli(
        ["sandbox", "--", "/bin/sh", "-c", "pwd; echo x > inside && echo wrote; exit 3"],
        ok.io,
      );
      expect(code).toBe(3);
      expect(ok.stdout()).toBe(`${dir}\nwrote\n`);
      const denied = captureIO(dir, env);
      expect(
        await runCli(["sandbox", "--mode", "read-only", "--", "/bin/sh", "-c", "echo x > again"], denied.io),
      ).toBe(2);
      expect(denied.stderr()).toContain(`art sandbox: The sandbox refused access to ${dir}/again`);
    },
  );

  it.skipIf(!runnable)("adds --writable dirs", async () => {
    const extra = path.join(dir, "extra");
    const { mkdirSync, readFileSync } = await import("node:fs");
    mkdirSync(extra);
    const workspace = path.join(dir, "ws");
    mkdirSync(workspace);
    const run = captureIO(workspace, env);
    expect(
      await runCli(["sandbox", "--writable", extra, "--", "/bin/sh", "-c", `echo y > ${extra}/f`], run.io),
    ).toBe(0);
    expect(readFileSync(path.join(extra, "f"), "utf8")).toBe("y\n");
  });
});
