import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type MockFault,
  type MockLlmServer,
  startMockLlmServer,
} from "../../test/support/mock-llm-server/index.js";
import { tempDir } from "../../test/support/temp-workspace.js";
import { type GatePass, type RequestGate, SharedRateLimits } from "../model/index.js";
import { defineAgent, Runtime } from "../runtime/index.js";
import { tool } from "../tools/index.js";
import { Pool, type TaskRecord } from "./index.js";

const SESSIONS = 50;
const ENV = { OPENAI_API_KEY: "sk-storm-secret", ANTHROPIC_API_KEY: "sk-ant-storm-secret" };

/** Wraps a gate and records, on its own clock reading, every pass granted and every 429 with its retry-after. */
class RecordingGate implements RequestGate {
  readonly granted: number[] = [];
  readonly backoffs: { at: number; retryAfterMs: number }[] = [];
  constructor(private readonly inner: RequestGate) {}
  snapshot() {
    return this.inner.snapshot?.() ?? [];
  }
  async acquire(...args: Parameters<RequestGate["acquire"]>): Promise<GatePass> {
    const pass = await this.inner.acquire(...args);
    this.granted.push(Date.now());
    return {
      observe: (status, headers) => {
        // Read before the inner gate computes its backoff, so a grant at its end is never counted early.
        const at = Date.now();
        const ms = headers.get("retry-after-ms") ?? String(Number(headers.get("retry-after") ?? "0") * 1000);
        if (status === 429) this.backoffs.push({ at, retryAfterMs: Number(ms) });
        pass.observe(status, headers);
      },
      release: () => pass.release(),
    };
  }
  /** Passes granted while a backoff announced by a 429 that this process had already seen was in force. */
  violations(): number[] {
    return this.granted.filter((t) => this.backoffs.some((b) => t > b.at && t < b.at + b.retryAfterMs));
  }
}

const note = tool({
  name: "note",
  description: "Takes a note.",
  inputSchema: z.object({}),
  effects: "read",
  async execute() {
    return "noted";
  },
});

const opened: { pool: Pool; runtime: Runtime; server: MockLlmServer }[] = [];
afterEach(async () => {
  for (const { pool, runtime, server } of opened.splice(0)) {
    await pool.close();
    await runtime.close();
    await server.close({ allowUnconsumed: true, allowProblems: true });
  }
});

/** 50 sessions of two model requests each, through one pool, against a server allowing `requests` per window. */
async function storm(
  spec: string,
  gate: RequestGate | undefined,
  options: {
    env?: Record<string, string>;
    oneStep?: boolean;
    requests?: number;
    faults?: MockFault[];
    sessions?: number;
  } = {},
) {
  const server = await startMockLlmServer({
    ...(options.faults ? { faults: options.faults } : {}),
    responses: options.oneStep
      ? [{ text: "Done." }]
      : [{ toolCalls: [{ name: "note", arguments: {} }] }, { text: "Done." }],
    rateLimit: { requests: options.requests ?? 20, windowMs: 250 },
  });
  const home = tempDir("art-home-");
  const dir = tempDir("storm-");
  const runtime = await Runtime.open({
    artHome: home,
    env: { ...process.env, HOME: home, ...ENV, ...options.env },
    ...(gate ? { requestGate: gate } : {}),
  });
  const agent = defineAgent({
    name: "stormer",
    model: spec,
    baseUrl: `${server.url}/v1`,
    tools: { builtins: "none", extra: [note as never] },
    approval: "never",
    sandbox: "full-access",
    checkpoints: false,
  });
  const pool = await Pool.open({ runtime, agents: { stormer: agent }, cwd: dir, concurrency: SESSIONS });
  opened.push({ pool, runtime, server });
  const handles = Array.from({ length: options.sessions ?? SESSIONS }, (_, i) =>
    pool.submit({ kind: "session", agent: "stormer", prompt: `task ${i}` }),
  );
  const settled = await Promise.allSettled(handles.map((handle) => handle.result));
  return { server, pool, settled, runtime };
}

describe("a 429 storm through the pool", () => {
  for (const spec of ["openai:gpt-5", "anthropic:claude-sonnet-4-5"]) {
    it(`slows ${spec} sessions down on one shared backoff instead of failing them`, async () => {
      const limits = new SharedRateLimits();
      const gate = new RecordingGate(limits);
      // The very first request is refused with a retry-after, so the sessions pile up behind one backoff and
      // are then let go together into the server's window: a storm, whatever the machine's speed.
      const retryAfter: Record<string, string> = spec.startsWith("openai")
        ? { "retry-after-ms": "500" }
        : { "retry-after": "1" };
      const faults: MockFault[] = [{ type: "status", status: 429, headers: retryAfter }];
      const { server, pool, settled } = await storm(spec, gate, { faults });

      expect(settled.filter((s) => s.status === "rejected")).toEqual([]);
      expect(pool.stats().tasks.done).toBe(SESSIONS);
      const limited = server.requests.filter((r) => r.rateLimited || r.fault?.type === "status").length;
      // Every session needs two answered requests; the first burst goes out before any header was seen, so at
      // most that burst is refused, and after it the learned window paces every request.
      expect(server.requests.length - limited).toBe(2 * SESSIONS);
      expect(limited).toBeLessThanOrEqual(SESSIONS);
      expect(gate.violations()).toEqual([]);
      // The pool's stats carry the limits' state, the command slots and the event loop's lag.
      const stats = pool.stats();
      expect(stats.limits).toEqual(limits.snapshot());
      expect(stats.commands.limit).toBeGreaterThanOrEqual(1);
      expect(stats.eventLoopLag.maxMs).toBeGreaterThanOrEqual(stats.eventLoopLag.p50Ms);
      const [state] = stats.limits;
      expect(state).toMatchObject({ provider: spec.split(":")[0], inFlight: 0, waiting: 0 });
      expect(state?.rateLimited).toBe(limited);
      expect(state?.reported?.requests).toBe(20);
      // The key is never in the state, only its hash.
      expect(JSON.stringify(limits.snapshot())).not.toContain("storm-secret");
    });
  }

  it("sends far fewer requests than each session retrying alone", async () => {
    const shape = { oneStep: true, requests: 4 };
    const shared = await storm("openai:gpt-5", new SharedRateLimits(), shape);
    const sharedTotal = shared.server.requests.length;
    const naive = await storm("openai:gpt-5", undefined, { ...shape, env: { ART_MODEL_MAX_RETRIES: "60" } });
    const naiveTotal = naive.server.requests.length;
    expect(shared.settled.every((s) => s.status === "fulfilled")).toBe(true);
    // Both served every session; retrying alone, each 429'd session comes back into the next window's storm.
    expect(naiveTotal).toBeGreaterThan(sharedTotal * 1.5);
  });

  it("fails a session with the 429 error only when its own retry budget is spent", async () => {
    // A key that is never allowed: every attempt is answered 429 with a short retry-after.
    const { server, settled, runtime } = await storm("openai:gpt-5", new SharedRateLimits(), {
      oneStep: true,
      requests: 0,
      sessions: 1,
      env: { ART_MODEL_MAX_RETRIES: "2" },
    });
    const [outcome] = settled;
    // The session failed (the pool's task is done, holding that result); the turn's error is the typed 429.
    expect(outcome?.status).toBe("fulfilled");
    const record = (outcome as PromiseFulfilledResult<TaskRecord>).value;
    expect(record.result).toMatchObject({ status: "failed" });
    let failure: { code: string; message: string } | undefined;
    for await (const { event } of runtime.subscribe(record.sessionId))
      if (event.type === "turn.failed") failure = event.error;
    expect(failure?.code).toBe("model.request_failed");
    expect(failure?.message).toContain("HTTP 429");
    // The budget is the client's: waiting at the gate cost no attempt, so the server saw exactly three.
    expect(server.requests).toHaveLength(3);
  });
});
