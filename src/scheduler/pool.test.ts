import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import { Runtime } from "../runtime/index.js";
import { Pool, QueueFullError, TaskCancelledError, UnknownAgentError } from "./index.js";
import { effectAgent } from "./testing/effect-agent.js";

const opened: { pool: Pool; runtime: Runtime }[] = [];

async function openPool(options: Partial<Parameters<typeof Pool.open>[0]> = {}) {
  const home = tempDir("art-home-");
  const dir = tempDir("pool-");
  const runtime = await Runtime.open({ artHome: home, env: { ...process.env, HOME: home } });
  const pool = await Pool.open({ runtime, agents: { effector: effectAgent(dir) }, cwd: dir, ...options });
  opened.push({ pool, runtime });
  return { pool, dir };
}

afterEach(async () => {
  for (const { pool, runtime } of opened.splice(0)) {
    await pool.close();
    await runtime.close();
  }
});

const task = (prompt: string) => ({ kind: "session" as const, agent: "effector", prompt });

describe("Pool", () => {
  it("runs higher priorities first within a queue", async () => {
    const { pool, dir } = await openPool({ concurrency: 1 });
    const first = pool.submit(task("first"));
    const low = pool.submit(task("low"), { priority: 0 });
    const high = pool.submit(task("high"), { priority: 5 });
    await Promise.all([first.result, low.result, high.result]);
    const order = readFileSync(path.join(dir, "effects.log"), "utf8").split("\n").filter(Boolean);
    expect(order).toEqual([first.sessionId, high.sessionId, low.sessionId]);
    expect(pool.stats().tasks).toMatchObject({ done: 3, queued: 0, running: 0 });
  });

  it("rejects a submit past the queue bound with queue.full", async () => {
    const { pool } = await openPool({ concurrency: 1, maxQueued: 2 });
    pool.submit(task("a"));
    pool.submit(task("b"));
    let caught: unknown;
    try {
      pool.submit(task("c"));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QueueFullError);
    expect((caught as QueueFullError).code).toBe("queue.full");
    // Another named queue has its own bound.
    expect(() => pool.submit(task("d"), { queue: "other" })).not.toThrow();
  });

  it("cancels a queued task so it never runs", async () => {
    const { pool, dir } = await openPool({ concurrency: 1 });
    const first = pool.submit(task("first"));
    const second = pool.submit(task("second"));
    second.cancel();
    await expect(second.result).rejects.toBeInstanceOf(TaskCancelledError);
    await first.result;
    const done = readFileSync(path.join(dir, "effects.log"), "utf8").split("\n").filter(Boolean);
    expect(done).toEqual([first.sessionId]);
    expect(pool.stats().tasks.cancelled).toBe(1);
  });

  it("keeps each named queue within its concurrency limit", async () => {
    const { pool } = await openPool({ queues: { narrow: { concurrency: 1 }, wide: { concurrency: 3 } } });
    const handles = [
      ...Array.from({ length: 3 }, (_, i) => pool.submit(task(`n${i}`), { queue: "narrow" })),
      ...Array.from({ length: 4 }, (_, i) => pool.submit(task(`w${i}`), { queue: "wide" })),
    ];
    expect(pool.stats().running).toEqual({ narrow: 1, wide: 3 });
    await Promise.all(handles.map((handle) => handle.result));
    expect(pool.stats().tasks.done).toBe(7);
  });

  it("names an unknown agent in a typed error", async () => {
    const { pool } = await openPool();
    expect(() => pool.submit({ kind: "session", agent: "nobody", prompt: "hi" })).toThrow(UnknownAgentError);
  });
});
