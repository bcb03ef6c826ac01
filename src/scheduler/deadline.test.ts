import { writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { tempDir } from "../../test/support/temp-workspace.js";
import { defineAgent, Runtime } from "../runtime/index.js";
import { tool } from "../tools/index.js";
import { POOL_SCHEMA_VERSION, Pool, PoolInputError, TaskDeadlineError } from "./index.js";
import { SqliteQueue } from "./sqlite-queue.js";

/** An agent whose one tool call blocks until its turn is cancelled: only a deadline (or cancel) ends it. */
function blockingAgent(dir: string) {
  const script = path.join(dir, "script.json");
  writeFileSync(
    script,
    JSON.stringify({
      responses: [{ toolCalls: [{ name: "block", arguments: {} }] }, { text: "Unblocked." }],
    }),
  );
  const block = tool({
    name: "block",
    description: "Waits until cancelled.",
    inputSchema: z.object({}),
    effects: "read",
    // A signal may already have fired by the time the tool is called: then it stops at once.
    execute: (_args, context) =>
      new Promise<string>((resolve) => {
        if (context.signal.aborted) resolve("stopped");
        context.signal.addEventListener("abort", () => resolve("stopped"));
      }),
  });
  return defineAgent({
    name: "blocker",
    model: `scripted:${script}`,
    tools: { builtins: "none", extra: [block as never] },
    approval: "never",
    sandbox: "full-access",
    checkpoints: false,
  });
}

const opened: { pool: Pool; runtime: Runtime }[] = [];
afterEach(async () => {
  for (const { pool, runtime } of opened.splice(0)) {
    await pool.close();
    await runtime.close();
  }
});

async function openPool(concurrency = 4) {
  const home = tempDir("art-home-");
  const dir = tempDir("deadline-");
  const runtime = await Runtime.open({ artHome: home, env: { ...process.env, HOME: home } });
  const pool = await Pool.open({ runtime, agents: { blocker: blockingAgent(dir) }, cwd: dir, concurrency });
  opened.push({ pool, runtime });
  return { pool, runtime };
}

const task = { kind: "session" as const, agent: "blocker", prompt: "wait" };

describe("task deadlines", () => {
  it("interrupts a running session at its deadline, journaled and resumable, with a typed error", async () => {
    const { pool, runtime } = await openPool();
    // Long enough for the session to reach its blocking tool call even on a loaded machine.
    const handle = pool.submit(task, { timeoutMs: 2000 });
    const error = await handle.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskDeadlineError);
    expect((error as TaskDeadlineError).code).toBe("pool.deadline_exceeded");
    const record = pool.handle(handle.id);
    await record.result.catch(() => {});
    expect(pool.stats().tasks.cancelled).toBe(1);
    // The session is in the journal, its turn interrupted: a resume can continue it.
    const session = await runtime.session(handle.sessionId);
    expect(session).toBeDefined();
    const types: string[] = [];
    for await (const { event } of runtime.subscribe(handle.sessionId)) types.push(event.type);
    expect(types).toContain("tool.call");
    expect(types).toContain("turn.interrupted");
  });

  it("never starts a queued task whose deadline passes while it waits", async () => {
    const { pool, runtime } = await openPool(1);
    const blocker = pool.submit(task, { timeoutMs: 600 });
    const late = pool.submit(task, { deadline: Date.now() + 100 });
    await expect(late.result).rejects.toBeInstanceOf(TaskDeadlineError);
    await expect(blocker.result).rejects.toBeInstanceOf(TaskDeadlineError);
    expect(await runtime.session(late.sessionId)).toBeUndefined();
    expect(await runtime.session(blocker.sessionId)).toBeDefined();
  });

  it("refuses a malformed deadline", async () => {
    const { pool } = await openPool();
    expect(() => pool.submit(task, { timeoutMs: -5 })).toThrow(PoolInputError);
    expect(() => pool.submit(task, { deadline: new Date("never") })).toThrow(/not a valid time/);
  });
});

describe("the deadline column", () => {
  it("survives a reopen, and a past deadline is never claimed but expired", () => {
    const file = path.join(tempDir(), "q.db");
    const first = new SqliteQueue(file);
    first.enqueue("t1", "q", task, 0, "ses_1", Date.now() - 1);
    first.enqueue("t2", "q", task, 0, "ses_2", Date.now() + 3_600_000);
    first.close();
    const queue = new SqliteQueue(file);
    try {
      expect(queue.get("t2")?.deadlineAt).toBeGreaterThan(Date.now());
      expect(queue.claim("q", "A", 60_000, ["blocker"])?.id).toBe("t2");
      expect(queue.expire((id) => ({ code: "pool.deadline_exceeded", message: id }))).toEqual(["t1"]);
      expect(queue.get("t1")).toMatchObject({
        state: "cancelled",
        error: { code: "pool.deadline_exceeded" },
      });
    } finally {
      queue.close();
    }
  });

  it("expires a task a dead pool held past its deadline, but not one a live pool holds", async () => {
    const queue = new SqliteQueue(path.join(tempDir(), "q.db"));
    try {
      const soon = Date.now() + 200;
      queue.enqueue("dead", "q", task, 0, "ses_d", soon);
      queue.enqueue("live", "q", task, 0, "ses_l", soon);
      queue.claim("q", "dead-pool", 1, ["blocker"]); // its lease lapses at once: the pool is gone
      queue.claim("q", "live-pool", 60_000, ["blocker"]);
      while (Date.now() <= soon + 5) await new Promise((resolve) => setTimeout(resolve, 20));
      const expired = queue.expire((id) => ({ code: "pool.deadline_exceeded", message: id }));
      // The live pool's own timer interrupts its session first; the queue leaves that row to it.
      expect(expired).toEqual(["dead"]);
      expect(queue.get("live")?.state).toBe("running");
    } finally {
      queue.close();
    }
  });

  it("migrates a schema-1 table: old rows stay readable, without a deadline", () => {
    const file = path.join(tempDir(), "q.db");
    const db = new Database(file);
    db.exec(`
      CREATE TABLE pool_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO pool_meta VALUES ('schema_version', '1');
      CREATE TABLE pool_tasks (id TEXT PRIMARY KEY, queue TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL,
        priority INTEGER NOT NULL, seq INTEGER NOT NULL, state TEXT NOT NULL, session_id TEXT NOT NULL,
        lease_owner TEXT, lease_expires_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0, result TEXT, error TEXT,
        created_at INTEGER NOT NULL, finished_at INTEGER);
      INSERT INTO pool_tasks (id, queue, kind, payload, priority, seq, state, session_id, created_at)
        VALUES ('old', 'q', 'session', '{"agent":"blocker","prompt":"wait"}', 0, 1, 'queued', 'ses_old', 1);
    `);
    db.close();
    const queue = new SqliteQueue(file);
    try {
      const old = queue.get("old");
      expect(old).toMatchObject({ id: "old", state: "queued", sessionId: "ses_old" });
      expect(old?.deadlineAt).toBeUndefined();
      expect(queue.claim("q", "A", 60_000, ["blocker"])?.id).toBe("old");
    } finally {
      queue.close();
    }
    const check = new Database(file);
    const row = check.prepare("SELECT value FROM pool_meta WHERE key = 'schema_version'").get() as {
      value: string;
    };
    check.close();
    expect(Number(row.value)).toBe(POOL_SCHEMA_VERSION);
  });
});
