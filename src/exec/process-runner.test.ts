import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../core/index.js";
import { Redactor } from "../security/index.js";
import { ProcessCommandRunner } from "./process-runner.js";

function setup(extra: Partial<ConstructorParameters<typeof ProcessCommandRunner>[0]> = {}) {
  const events: AgentEvent[] = [];
  const runner = new ProcessCommandRunner({
    emit: (event) => events.push(event),
    env: process.env,
    ...extra,
  });
  const cwd = mkdtempSync(path.join(tmpdir(), "art-exec-"));
  return { events, runner, cwd };
}

/** Alive and not a zombie (an orphan's zombie lingers until whatever init this machine has reaps it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

describe("ProcessCommandRunner", () => {
  it("runs through bash, streams output as events and returns the exit code", async () => {
    const { events, runner, cwd } = setup();
    const outcome = await runner.run(
      { command: "echo out; echo err >&2; exit 3", cwd, timeoutMs: 10_000 },
      { callId: "c1", signal: new AbortController().signal },
    );
    expect(outcome.exitCode).toBe(3);
    expect(outcome.output).toContain("out");
    expect(outcome.output).toContain("err");
    const types = events.map((event) => event.type);
    expect(types[0]).toBe("exec.begin");
    expect(types.at(-1)).toBe("exec.end");
    const streams = events.flatMap((event) => (event.type === "exec.output" ? [event.stream] : []));
    expect(new Set(streams)).toEqual(new Set(["stdout", "stderr"]));
  });

  it("kills the whole group on timeout, background children included", async () => {
    const { runner, cwd } = setup({ killGraceMs: 100 });
    const pidFile = path.join(cwd, "bg.pid");
    const outcome = await runner.run(
      { command: `sleep 30 & echo $! > ${pidFile}; sleep 30`, cwd, timeoutMs: 300 },
      { callId: "c2", signal: new AbortController().signal },
    );
    expect(outcome.timedOut).toBe(true);
    const pid = Number(readFileSync(pidFile, "utf8"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(pid)).toBe(false);
  });

  it("kills background children once the command itself exits", async () => {
    const { runner, cwd } = setup();
    const pidFile = path.join(cwd, "bg.pid");
    const outcome = await runner.run(
      { command: `(sleep 30; touch ${cwd}/late) & echo $! > ${pidFile}`, cwd, timeoutMs: 10_000 },
      { callId: "c3", signal: new AbortController().signal },
    );
    expect(outcome.exitCode).toBe(0);
    const pid = Number(readFileSync(pidFile, "utf8"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(pid)).toBe(false);
    expect(existsSync(path.join(cwd, "late"))).toBe(false);
  });

  it("rejects with an abort error and kills the group when the signal fires", async () => {
    const { runner, cwd } = setup({ killGraceMs: 100 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await expect(
      runner.run(
        { command: "sleep 30", cwd, timeoutMs: 60_000 },
        { callId: "c4", signal: controller.signal },
      ),
    ).rejects.toMatchObject({ code: "aborted" });
  });

  it("caps kept output and journaled output on a flood", async () => {
    const { events, runner, cwd } = setup({ maxOutputChars: 1000, maxJournaledChars: 5000 });
    const outcome = await runner.run(
      { command: "head -c 2000000 /dev/zero | tr '\\0' x", cwd, timeoutMs: 20_000 },
      { callId: "c5", signal: new AbortController().signal },
    );
    expect(outcome.truncated).toBe(true);
    expect(outcome.output.length).toBeLessThan(1200);
    const journaled = events.reduce(
      (sum, event) => sum + (event.type === "exec.output" ? event.chunk.length : 0),
      0,
    );
    expect(journaled).toBeLessThan(5100);
  });

  it("redacts output before it is journaled or returned", async () => {
    const { events, runner, cwd } = setup({
      redactStream: () => Redactor.fromEnv({ DB_PASSWORD: "hunter2secret" }).stream(),
    });
    const outcome = await runner.run(
      { command: "printf 'password=hunter'; sleep 0.1; printf '2secret\\n'", cwd, timeoutMs: 10_000 },
      { callId: "c6", signal: new AbortController().signal },
    );
    // The secret arrives split across two chunks and is still caught.
    expect(outcome.output).not.toContain("hunter2secret");
    expect(outcome.output).toMatch(/password=\S*REDACTED|password=\[/);
    const journaled = events.flatMap((event) => (event.type === "exec.output" ? [event.chunk] : [])).join("");
    expect(journaled).toBe(outcome.output);
  });
});
