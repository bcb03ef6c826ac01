// A child of `bench/scale.ts`: SESSIONS concurrent runs of the scale conversation on OpenAI Agents JS
// (@openai/agents-core): one `Agent` with a function tool, one `Runner` (tracing off), a custom `Model` that
// answers step i of a conversation holding i function calls after the latency model's time for the step. Prints
// one JSON line: wall time, peak RSS, runs completed.

import {
  Agent,
  type Model,
  type ModelRequest,
  type ModelResponse,
  Runner,
  type StreamEvent,
  tool,
} from "@openai/agents-core";
import { z } from "zod";
import { PEER_STEPS, type PeerResult, peakRssMb, sleep, stepLatencyMs } from "./_scale-script.js";

const SESSIONS = Number(process.argv[2] ?? 1000);

function calls(request: ModelRequest): number {
  if (typeof request.input === "string") return 0;
  return request.input.filter((item) => item.type === "function_call").length;
}

class ScriptedModel implements Model {
  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    const index = calls(request);
    const step = PEER_STEPS[index]!;
    await sleep(stepLatencyMs(step));
    const output: ModelResponse["output"] = [
      {
        type: "message",
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: step.text }],
      },
    ];
    if (step.tool)
      output.push({
        type: "function_call",
        callId: `call_${index}`,
        name: step.tool.name,
        arguments: JSON.stringify(step.tool.arguments),
        status: "completed",
      });
    return {
      usage: {
        requests: 1,
        inputTokens: 0,
        outputTokens: 0,
        totalTokens: 0,
      } as unknown as ModelResponse["usage"],
      output,
    };
  }
  // biome-ignore lint/correctness/useYield: the benchmark runs the non-streamed path only
  async *getStreamedResponse(): AsyncIterable<StreamEvent> {
    throw new Error("not used");
  }
}

const lookup = tool({
  name: "lookup",
  description: "Looks a note up.",
  parameters: z.object({ key: z.string() }),
  execute: async ({ key }) => `notes for ${key}: the build is quick`,
});
const agent = new Agent({
  name: "scale",
  instructions: "Do the task.",
  model: new ScriptedModel(),
  tools: [lookup],
});
const runner = new Runner({ tracingDisabled: true });

const started = performance.now();
const results = await Promise.all(
  Array.from({ length: SESSIONS }, (_, i) => runner.run(agent, `scale task ${i}`, { maxTurns: 20 })),
);
const wall = performance.now() - started;
const completed = results.filter((r) => String(r.finalOutput).startsWith("All done")).length;
const result: PeerResult = { wall_ms: Math.round(wall), peak_rss_mb: peakRssMb(), completed };
console.log(JSON.stringify(result));
