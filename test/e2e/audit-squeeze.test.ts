import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sealRecord } from "../../src/security/audit/audit-log.js";
import type { AuditRecordBody } from "../../src/security/index.js";
import { ART_BIN, jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

/**
 * A failed audit write stops the session: the call after it never runs, the turn fails with the typed error
 * (journaled), `art exec` exits non-zero without a stack trace, and `art audit verify` does not say ok. The
 * squeeze happens between two calls: the first command waits for the test to break the audit log (or squeeze the
 * art process's limits) and then lets the session go on.
 */

const CONFIGURATIONS = [
  { name: "with namespaces", env: {} },
  { name: "without user namespaces", env: { ART_SANDBOX_NO_USERNS: "1" } },
];

function twoCalls(dir: string): string {
  const file = path.join(dir, "script.json");
  writeFileSync(
    file,
    JSON.stringify({
      responses: [
        {
          toolCalls: [
            { name: "shell", arguments: { command: "touch ready; until [ -e go ]; do sleep 0.05; done" } },
          ],
        },
        { toolCalls: [{ name: "shell", arguments: { command: "touch second-call-ran" } }] },
        { text: "done" },
      ],
    }),
  );
  return `scripted:${file}`;
}

interface Squeezed {
  code: number | null;
  stdout: string;
  stderr: string;
  home: string;
  cwd: string;
}

/** Runs `art exec` whose first call waits until `squeeze(artPid, home)` has run. */
async function runSqueezed(
  env: NodeJS.ProcessEnv,
  squeeze: (pid: number, home: string) => void,
  options: { json?: boolean; home?: string } = {},
): Promise<Squeezed> {
  const home = options.home ?? tempDir("art-home-");
  const cwd = tempDir("art-ws-");
  const child = spawn(
    process.execPath,
    [ART_BIN, "exec", ...(options.json ? ["--json"] : []), "--model", twoCalls(home), "--cwd", cwd, "go"],
    { env: { ...process.env, ...env, ART_HOME: home }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  // Waits for the first command to start, however long that takes (the test's own timeout bounds it).
  while (!existsSync(path.join(cwd, "ready")) && child.exitCode === null)
    await new Promise((resolve) => setTimeout(resolve, 20));
  squeeze(child.pid!, home);
  writeFileSync(path.join(cwd, "go"), "");
  const code = await closed;
  return { code, stdout, stderr, home, cwd };
}

function auditLog(home: string): string {
  const name = readdirSync(path.join(home, "audit")).find((file) => file.endsWith(".jsonl"));
  if (!name) throw new Error("no audit log");
  return path.join(home, "audit", name);
}

function expectNoStack(text: string): void {
  expect(text).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
}

describe.each(CONFIGURATIONS)("a failed audit write stops the session ($name)", ({ env }) => {
  it("the audit log replaced by a directory: typed failure, journaled, the next call never runs", async () => {
    const result = await runSqueezed(
      env,
      (_pid, home) => {
        const log = auditLog(home);
        rmSync(log);
        mkdirSync(log);
      },
      { json: true },
    );
    expect(result.code).toBe(1);
    expect(existsSync(path.join(result.cwd, "second-call-ran"))).toBe(false);
    const events = jsonLines(result.stdout);
    const failed = events.find((event) => event.type === "turn.failed");
    expect(failed?.error).toMatchObject({ code: "audit.write_failed" });
    expect(JSON.stringify(failed?.error)).toMatch(/EISDIR/);
    expect(events.find((event) => event.type === "error")?.error).toMatchObject({
      code: "audit.write_failed",
    });
    expectNoStack(result.stderr);
    const verify = await runArt(["audit", "verify"], { env: { ART_HOME: result.home } });
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/writing an audit record failed \(EISDIR\)/);
    expectNoStack(verify.stderr);
  });

  it("a full audit disk (ENOSPC): the message names it on stderr, exit 1, verify reports the gap", async (context) => {
    const home = tempDir("art-home-");
    const audit = path.join(home, "audit");
    mkdirSync(audit);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", audit], { stdio: "ignore" });
    } catch {
      context.skip(); // Mounting needs root; the directory and fsize cases still run.
    }
    try {
      const result = await runSqueezed(
        env,
        () => {
          // Fill what is left of the audit file system.
          const filler = path.join(audit, "filler");
          try {
            execFileSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=4k"], { stdio: "ignore" });
          } catch {
            // dd stops with ENOSPC: that is the point.
          }
        },
        { home },
      );
      expect(result.code).toBe(1);
      expect(existsSync(path.join(result.cwd, "second-call-ran"))).toBe(false);
      expect(result.stderr).toMatch(/ENOSPC: the disk is full.*\[audit\.write_failed\]|audit\.write_failed/s);
      expectNoStack(result.stderr);
      const verify = await runArt(["audit", "verify"], { env: { ART_HOME: home } });
      expect(verify.code).toBe(1);
      expect(verify.stdout).not.toMatch(/^ok/);
    } finally {
      execFileSync("umount", ["-l", audit], { stdio: "ignore" });
    }
  });
});

describe("RLIMIT_FSIZE squeezed on the art process between two calls", () => {
  it("the process survives SIGXFSZ, stops with a typed error, and the second call never runs", async () => {
    const result = await runSqueezed({}, (pid, home) => {
      // Nothing may grow past the audit log's current size: the journal and the audit log both hit the limit.
      const size = statSync(auditLog(home)).size;
      execFileSync("prlimit", ["--pid", String(pid), `--fsize=${size}:unlimited`]);
    });
    // Killed by SIGXFSZ would be a null code (signal); Node ignores it and sees EFBIG instead.
    expect(result.code).toBe(1);
    expect(existsSync(path.join(result.cwd, "second-call-ran"))).toBe(false);
    expect(result.stderr).toMatch(/\[(store|audit)\.write_failed\]/);
    expectNoStack(result.stderr);
    // The first call was audited before it ran and the second was never judged: journal and audit log agree.
    const verify = await runArt(["audit", "verify"], { env: { ART_HOME: result.home } });
    expect(verify.stdout).toMatch(/^ok: 3 records in 1 session/);
  });
});

describe("art audit verify compares the audit log with the journal", () => {
  async function oneCall(): Promise<string> {
    const home = tempDir("art-home-");
    const cwd = tempDir("art-ws-");
    const file = path.join(home, "script.json");
    writeFileSync(
      file,
      JSON.stringify({
        responses: [{ toolCalls: [{ name: "shell", arguments: { command: "echo hi" } }] }, { text: "done" }],
      }),
    );
    const result = await runArt(["exec", "--model", `scripted:${file}`, "--cwd", cwd, "go"], {
      env: { ART_HOME: home },
    });
    expect(result.code).toBe(0);
    expect((await runArt(["audit", "verify"], { env: { ART_HOME: home } })).code).toBe(0);
    return home;
  }

  it("a deleted audit log (log and head gone) is not ok: the journal still has the call", async () => {
    const home = await oneCall();
    for (const name of readdirSync(path.join(home, "audit"))) rmSync(path.join(home, "audit", name));
    const verify = await runArt(["audit", "verify"], { env: { ART_HOME: home } });
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/the journal has 1 judged call\(s\) with no audit record/);
  });

  it("records removed and the whole chain and head recomputed: the chain verifies, the journal does not agree", async () => {
    const home = await oneCall();
    const log = auditLog(home);
    const kept = readFileSync(log, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditRecordBody & { hash: string })
      .filter((record) => record.type !== "tool.called" && record.type !== "policy.decided");
    let prev = "0".repeat(64);
    const lines = kept.map((record, index) => {
      const { hash: _hash, ...body } = record;
      const sealed = sealRecord({ ...body, seq: index + 1, prev } as AuditRecordBody);
      prev = sealed.hash;
      return sealed.line;
    });
    writeFileSync(log, `${lines.join("\n")}\n`);
    const session = path.basename(log, ".jsonl");
    writeFileSync(
      log.replace(/\.jsonl$/, ".head"),
      `${JSON.stringify({ v: 1, session, seq: lines.length, hash: prev })}\n`,
    );
    const verify = await runArt(["audit", "verify"], { env: { ART_HOME: home } });
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/judged call\(s\) with no audit record \(first: \S+, shell/);
  });
});
