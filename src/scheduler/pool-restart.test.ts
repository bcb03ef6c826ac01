import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { Runtime } from "../runtime/index.js";
import { openEffectPool } from "./testing/effect-agent.js";

const TASKS = 200;

function effects(dir: string): string[] {
  const file = path.join(dir, "effects.log");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

function counts(file: string): Record<string, number> {
  if (!existsSync(file)) return {};
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const has = db.prepare("SELECT name FROM sqlite_master WHERE name = 'pool_tasks'").get();
    if (!has) return {};
    const rows = db.prepare("SELECT state, COUNT(*) AS n FROM pool_tasks GROUP BY state").all() as {
      state: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  } finally {
    db.close();
  }
}

/** True when the session's journal has a tool call recorded as interrupted by a crash. */
async function interrupted(runtime: Runtime, sessionId: string): Promise<boolean> {
  for await (const { event } of runtime.subscribe(sessionId))
    if (event.type === "tool.result" && event.interrupted) return true;
  return false;
}

describe("a pool killed with -9 while it runs", () => {
  it("finishes every task after a restart, resuming its session; no tool effect repeated, none lost but a call the crash cut off", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("pool-");
    const db = path.join(home, "art.db");
    const worker = path.join(import.meta.dirname, "testing", "pool-worker.ts");
    // `node --import tsx`, not the `tsx` binary: that one runs the script in a grandchild that a kill -9 of the
    // wrapper would leave running, and the test would then watch the first pool finish everything.
    const child = spawn(process.execPath, ["--import", "tsx", worker, home, dir, String(TASKS)], {
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    // Kill it once 50 tasks run and some effects happened, with most tasks still queued.
    const deadline = AbortSignal.timeout(60_000);
    let seen: Record<string, number> = {};
    for (;;) {
      if (deadline.aborted) throw new Error(`the worker never got 50 tasks running: ${JSON.stringify(seen)}`);
      seen = counts(db);
      if ((seen.running ?? 0) >= 50 && effects(dir).length >= 10) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    child.kill("SIGKILL");
    await exited;
    const atKill = counts(db);
    expect(atKill.running).toBe(50);
    expect(atKill.queued ?? 0).toBeGreaterThanOrEqual(100);
    const effectsAtKill = effects(dir).length;
    expect(effectsAtKill).toBeLessThan(TASKS);

    const { runtime, pool } = await openEffectPool(home, dir);
    try {
      const handles = Array.from({ length: TASKS }, (_, i) => pool.handle(`task-${i}`));
      const records = await Promise.all(handles.map((handle) => handle.result));
      expect(records.every((record) => record.state === "done")).toBe(true);
      expect(pool.stats().tasks).toMatchObject({ queued: 0, running: 0, done: TASKS });
      // No effect is repeated by a resume: each session's effect is in the log at most once.
      const done = effects(dir);
      expect(done).toHaveLength(new Set(done).size);
      // Every session did its effect, except one the kill cut off between journaling the call and running it:
      // the journal records that call as interrupted and never runs it again (at most once, and the model is
      // told), so its effect is absent by design, not lost by the pool.
      for (const handle of handles) {
        if (done.includes(handle.sessionId)) continue;
        expect(await interrupted(runtime, handle.sessionId), `${handle.id} lost its effect`).toBe(true);
      }
      expect(done.length).toBeGreaterThan(TASKS - 50);
      // The tasks running at the kill resumed their sessions (no task got a second session).
      const attempts = records.map((record) => record.attempts);
      expect(attempts.filter((n) => n === 2).length, JSON.stringify(attempts)).toBeGreaterThan(0);
    } finally {
      await pool.close();
      await runtime.close();
    }
  }, 120_000);
});
