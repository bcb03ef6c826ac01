// `npm run bench -- agents [handoffs] [children]`: multi-agent overheads, each against its floor or peer measured in
// the same run.
//   spawn     a parent whose one step calls spawn_agent 50 times (concurrency 10), each child a scripted session of
//             one step; overhead per sub-agent = (tree − a bare 2-step parent session) / 50 − a bare 1-step session.
//   handoff   1,000 handoffs in one turn of one session (two scripted agents transferring to each other, then an
//             answer), µs per handoff; against OpenAI Agents JS (@openai/agents-core: two Agents with handoffs, the
//             Runner, a custom Model returning the same transfer calls), tracing off.
// Ours runs on the in-memory journal with checkpoints off (its SQLite journal is shown too): the peer keeps nothing.
// Prints a table with ratios, then one JSON line with spawn_overhead_ms, handoff_us and oa_handoff_us.
import * as oa from "@openai/agents-core";
import type { ScriptedResponse } from "../src/model/index.js";
import { scriptedModelFromResponses } from "../src/model/index.js";
import { type AgentDefinition, defineAgent, Runtime } from "../src/runtime/index.js";
import { MemoryJournal } from "../src/store/index.js";
import { spawnAgentTool } from "../src/subagents/index.js";
import { tempDir } from "../test/support/temp-workspace.js";
import { median, printTable, round } from "./_stats.js";

const HANDOFFS = Number(process.argv[2] ?? 1000);
const CHILDREN = Number(process.argv[3] ?? 50);
const CONCURRENCY = 10;
const ROUNDS = 5;

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("art-bench-user-") };
const common = { sandbox: "full-access", checkpoints: false, tools: { builtins: "none" } } as const;

async function openRuntime(sqlite = false): Promise<Runtime> {
  const artHome = tempDir("art-bench-home-");
  return sqlite
    ? Runtime.open({ artHome, env })
    : Runtime.open({ journal: new MemoryJournal(), artHome, env });
}

function scripted(responses: ScriptedResponse[], name: string) {
  return scriptedModelFromResponses(responses, { spec: `scripted:${name}` });
}

/** Milliseconds of one run of `agent` on a fresh session. */
async function timeRun(
  runtime: Runtime,
  agent: AgentDefinition,
  options: Parameters<Runtime["run"]>[2] = {},
) {
  const cwd = tempDir("art-bench-ws-");
  const start = performance.now();
  const result = await runtime.run(agent, "go", { cwd, ...options }).result;
  const elapsed = performance.now() - start;
  if (result.status !== "completed") throw new Error(`bench run ${result.status}: ${result.error?.message}`);
  return elapsed;
}

async function spawnCase() {
  const runtime = await openRuntime();
  const child = scripted([{ text: "done" }], "child");
  const bare1 = defineAgent({ name: "bare", model: child, ...common });
  const twoSteps = scripted(
    [{ toolCalls: [{ name: "noop", arguments: {} }] }, { text: "all done" }],
    "bare2",
  );
  const worker = {
    name: "worker",
    description: "Does one small task.",
    define: () => defineAgent({ name: "worker", model: child, ...common }),
  };
  const calls = Array.from({ length: CHILDREN }, (_, index) => ({
    name: "spawn_agent",
    arguments: { agent: "worker", prompt: `task ${index}` },
  }));
  const parentModel = scripted([{ toolCalls: calls }, { text: "all done" }], "parent");
  const samples = { bare1: [] as number[], bare2: [] as number[], tree: [] as number[] };
  for (let round = 0; round < ROUNDS + 1; round++) {
    const spawn = spawnAgentTool({
      runtime,
      agents: [worker],
      limits: { concurrency: CONCURRENCY, maxPerSession: CHILDREN },
    });
    const parent = defineAgent({
      name: "parent",
      model: parentModel,
      ...common,
      tools: { builtins: "none", extra: [spawn] },
    });
    // The bare 2-step parent: the same two steps, its one call answered by an unknown-tool error (no child).
    const bareParent = defineAgent({ name: "parent", model: twoSteps, ...common });
    const b1: number[] = [];
    for (let index = 0; index < 10; index++) b1.push(await timeRun(runtime, bare1));
    const b2 = await timeRun(runtime, bareParent);
    const tree = await timeRun(runtime, parent);
    if (round === 0) continue; // warm-up
    samples.bare1.push(median(b1));
    samples.bare2.push(b2);
    samples.tree.push(tree);
  }
  await runtime.close();
  const bare1Ms = median(samples.bare1);
  const bare2Ms = median(samples.bare2);
  const treeMs = median(samples.tree);
  return { bare1Ms, bare2Ms, treeMs, overheadMs: (treeMs - bare2Ms) / CHILDREN - bare1Ms };
}

/** Responses for `count` alternating transfers between a and b (a starts), then an answer. */
function pingPong(count: number): ScriptedResponse[] {
  const responses: ScriptedResponse[] = [];
  for (let index = 0; index < count; index++)
    responses.push({
      toolCalls: [{ name: index % 2 === 0 ? "transfer_to_b" : "transfer_to_a", arguments: {} }],
    });
  responses.push({ text: "done" });
  return responses;
}

async function ourHandoffs(sqlite: boolean): Promise<number> {
  const runtime = await openRuntime(sqlite);
  const responses = pingPong(HANDOFFS);
  const limits = { maxSteps: HANDOFFS + 10, maxHandoffsPerTurn: HANDOFFS + 1 };
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const a = defineAgent({
      name: "a",
      model: scripted(responses, "a"),
      handoffs: ["b"],
      ...common,
      ...limits,
    });
    const b = defineAgent({
      name: "b",
      model: scripted(responses, "b"),
      handoffs: ["a"],
      ...common,
      ...limits,
    });
    const elapsed = await timeRun(runtime, a, { agents: [b] });
    if (round > 0) samples.push((elapsed * 1000) / HANDOFFS);
  }
  await runtime.close();
  return median(samples);
}

/** OpenAI Agents JS's Model: a transfer to the other agent until `count` handoffs happened, then an answer. */
class PingPongModel implements oa.Model {
  constructor(private readonly state: { calls: number; count: number }) {}
  async getResponse(request: oa.ModelRequest): Promise<oa.ModelResponse> {
    const index = this.state.calls++;
    const usage = new oa.Usage();
    if (index >= this.state.count)
      return {
        usage,
        output: [
          {
            type: "message",
            role: "assistant",
            status: "completed",
            content: [{ type: "output_text", text: "done" }],
          },
        ],
      };
    const target = request.handoffs[0]!;
    return {
      usage,
      output: [
        {
          type: "function_call",
          callId: `call_${index}`,
          name: target.toolName,
          arguments: "{}",
          status: "completed",
        },
      ],
    };
  }
  // biome-ignore lint/correctness/useYield: the benchmark's runner asks for whole responses only.
  async *getStreamedResponse(): AsyncIterable<oa.StreamEvent> {
    throw new Error("not streamed");
  }
}

async function oaHandoffs(): Promise<number> {
  const runner = new oa.Runner({ tracingDisabled: true });
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const state = { calls: 0, count: HANDOFFS };
    const model = new PingPongModel(state);
    const a = new oa.Agent({ name: "a", instructions: "You are a.", model });
    const b = new oa.Agent({ name: "b", instructions: "You are b.", model });
    a.handoffs = [b];
    b.handoffs = [a];
    const start = performance.now();
    const result = await runner.run(a, "go", { maxTurns: HANDOFFS + 10 });
    const elapsed = performance.now() - start;
    if (result.finalOutput !== "done") throw new Error(`OpenAI Agents run ended without the answer`);
    if (round > 0) samples.push((elapsed * 1000) / HANDOFFS);
  }
  return median(samples);
}

const spawn = await spawnCase();
const oaUs = await oaHandoffs();
const oursUs = await ourHandoffs(false);
const sqliteUs = await ourHandoffs(true);
printTable(
  ["case", "ours", "floor / peer", "ratio"],
  [
    [
      `spawn: ${CHILDREN} sub-agents, concurrency ${CONCURRENCY} (ms per sub-agent over a bare session)`,
      round(spawn.overheadMs),
      `bare 1-step ${round(spawn.bare1Ms)} ms`,
      round((spawn.overheadMs + spawn.bare1Ms) / spawn.bare1Ms, 2),
    ],
    [
      `spawn: whole tree (ms)`,
      round(spawn.treeMs, 1),
      `bare 2-step parent ${round(spawn.bare2Ms, 1)} ms`,
      "-",
    ],
    [
      `handoff: ${HANDOFFS} in one session (µs each)`,
      round(oursUs, 1),
      `OpenAI Agents ${round(oaUs, 1)}`,
      round(oursUs / oaUs, 2),
    ],
    [
      `handoff on the SQLite journal (µs each)`,
      round(sqliteUs, 1),
      `OpenAI Agents ${round(oaUs, 1)}`,
      round(sqliteUs / oaUs, 2),
    ],
  ],
);
console.log(
  JSON.stringify({
    spawn_overhead_ms: round(spawn.overheadMs),
    handoff_us: round(oursUs, 1),
    oa_handoff_us: round(oaUs, 1),
    handoff_sqlite_us: round(sqliteUs, 1),
    spawn_tree_ms: round(spawn.treeMs, 1),
    bare_session_ms: round(spawn.bare1Ms, 3),
    handoffs: HANDOFFS,
    children: CHILDREN,
  }),
);
