// A child of `bench/scale.ts`: SESSIONS concurrent runs of the scale conversation on LangGraph.js — a tool-calling
// graph (agent node, ToolNode, toolsCondition) over @langchain/core's fake chat model, which sleeps the latency
// model's time for each step. Prints one JSON line: wall time, peak RSS, runs completed.

import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { tool } from "@langchain/core/tools";
import { FakeChatModel } from "@langchain/core/utils/testing";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode, toolsCondition } from "@langchain/langgraph/prebuilt";
import { z } from "zod";
import { PEER_STEPS, type PeerResult, peakRssMb, sleep, stepLatencyMs } from "./_scale-script.js";

const SESSIONS = Number(process.argv[2] ?? 1000);

/** The fake model answering step i of a conversation that holds i AI messages, after the step's latency. */
class ScriptedFake extends FakeChatModel {
  override async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const index = messages.filter((message) => message instanceof AIMessage).length;
    const step = PEER_STEPS[index]!;
    await sleep(stepLatencyMs(step));
    const message = new AIMessage({
      content: step.text,
      tool_calls: step.tool ? [{ id: `call_${index}`, name: step.tool.name, args: step.tool.arguments }] : [],
    });
    return { generations: [{ text: step.text, message }] };
  }
}

const lookup = tool(async ({ key }: { key: string }) => `notes for ${key}: the build is quick`, {
  name: "lookup",
  description: "Looks a note up.",
  schema: z.object({ key: z.string() }),
});
const model = new ScriptedFake({});
const graph = new StateGraph(MessagesAnnotation)
  .addNode("agent", async (state) => ({ messages: [await model.invoke(state.messages)] }))
  .addNode("tools", new ToolNode([lookup]))
  .addEdge(START, "agent")
  .addConditionalEdges("agent", toolsCondition, ["tools", END])
  .addEdge("tools", "agent")
  .compile();

const started = performance.now();
const results = await Promise.all(
  Array.from({ length: SESSIONS }, (_, i) =>
    graph.invoke({ messages: [{ role: "user", content: `scale task ${i}` }] }, { recursionLimit: 20 }),
  ),
);
const wall = performance.now() - started;
const completed = results.filter((r) => String(r.messages.at(-1)?.content).startsWith("All done")).length;
const result: PeerResult = { wall_ms: Math.round(wall), peak_rss_mb: peakRssMb(), completed };
console.log(JSON.stringify(result));
