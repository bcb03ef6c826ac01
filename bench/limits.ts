// A 429 storm over real HTTP: SESSIONS model clients, each making two requests at once against the mock LLM server
// with a provider-style limit (LIMIT requests per WINDOW_MS). "shared" gives every client one SharedRateLimits gate;
// "naive" (the floor we compare against) lets each client retry alone, honouring retry-after, as before issue 15.
// Also measures what one acquire/release of an uncontended gate costs against a bare async call.

import { createModelClient, type RequestGate, SharedRateLimits } from "../src/model/index.js";
import { type MockLlmServer, startMockLlmServer } from "../test/support/mock-llm-server/index.js";
import { median, printTable, round } from "./_stats.js";

const SESSIONS = Number(process.argv[2] ?? 50);
const LIMIT = 10;
const WINDOW_MS = 200;
const ENV = { OPENAI_API_KEY: "sk-bench" };

async function drain(iterable: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of iterable);
}

async function storm(gate: RequestGate | undefined) {
  const server: MockLlmServer = await startMockLlmServer({
    responses: [{ text: "Done." }],
    rateLimit: { requests: LIMIT, windowMs: WINDOW_MS },
  });
  const started = performance.now();
  let failed = 0;
  await Promise.all(
    Array.from({ length: SESSIONS }, async () => {
      const client = await createModelClient("openai:gpt-5", {
        baseUrl: `${server.url}/v1`,
        env: ENV,
        maxRetries: 60,
        ...(gate ? { requestGate: gate } : {}),
      });
      const request = { system: "s", items: [{ type: "user" as const, text: "go" }], tools: [] };
      for (let step = 0; step < 2; step++)
        await drain(client.stream(request, new AbortController().signal)).catch(() => failed++);
    }),
  );
  const wallMs = performance.now() - started;
  const total = server.requests.length;
  const limited = server.requests.filter((r) => r.rateLimited).length;
  await server.close({ allowUnconsumed: true, allowProblems: true });
  return { total, limited, wallMs, failed };
}

async function acquireOverheadUs(): Promise<{ gate: number; floor: number }> {
  const limits = new SharedRateLimits();
  const key = { provider: "openai", keyHash: "bench" };
  const signal = new AbortController().signal;
  const rounds = 20_000;
  const gateRuns: number[] = [];
  const floorRuns: number[] = [];
  for (let run = 0; run < 5; run++) {
    let t = performance.now();
    for (let i = 0; i < rounds; i++) (await limits.acquire(key, { estimatedTokens: 100 }, signal)).release();
    gateRuns.push(((performance.now() - t) * 1000) / rounds);
    t = performance.now();
    for (let i = 0; i < rounds; i++) await Promise.resolve(i);
    floorRuns.push(((performance.now() - t) * 1000) / rounds);
  }
  return { gate: median(gateRuns), floor: median(floorRuns) };
}

const shared = await storm(new SharedRateLimits());
const naive = await storm(undefined);
const overhead = await acquireOverheadUs();
const ideal = Math.ceil((2 * SESSIONS) / LIMIT) * WINDOW_MS;
printTable(
  ["mode", "requests", "429s", "failed", "wall ms", "ideal ms"],
  [
    ["shared gate", shared.total, shared.limited, shared.failed, round(shared.wallMs, 0), ideal],
    ["naive (floor)", naive.total, naive.limited, naive.failed, round(naive.wallMs, 0), ideal],
  ],
);
console.log(
  `requests naive/shared: ${round(naive.total / shared.total, 2)}x; acquire+release ${round(overhead.gate, 2)} µs vs bare await ${round(overhead.floor, 2)} µs`,
);
console.log(
  JSON.stringify({
    sessions: SESSIONS,
    shared_requests: shared.total,
    naive_requests: naive.total,
    request_ratio: round(naive.total / shared.total, 2),
    shared_429: shared.limited,
    naive_429: naive.limited,
    shared_wall_ms: round(shared.wallMs, 0),
    naive_wall_ms: round(naive.wallMs, 0),
    ideal_ms: ideal,
    acquire_us: round(overhead.gate, 2),
    floor_us: round(overhead.floor, 2),
  }),
);
