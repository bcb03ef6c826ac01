import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import { MemorySaver } from "../graph/index.js";
import { type ScriptedResponse, scriptedModelFromResponses } from "../model/index.js";
import { defineAgent, Runtime } from "../runtime/index.js";
import { MemoryJournal } from "../store/index.js";
import { createSwarm } from "./index.js";

function model(responses: ScriptedResponse[], name: string) {
  return scriptedModelFromResponses(responses, { spec: `scripted:${name}`, source: name });
}

const never = { text: "(another agent's step)" };

/** Triage hands the first message to billing; only billing's script can answer after that. */
function swarmAgents() {
  const common = { sandbox: "full-access", checkpoints: false, tools: { builtins: "none" } } as const;
  return [
    defineAgent({
      name: "triage",
      description: "Sends each question to the right desk.",
      model: model(
        [{ toolCalls: [{ name: "transfer_to_billing", arguments: { reason: "an invoice" } }] }],
        "triage",
      ),
      ...common,
    }),
    defineAgent({
      name: "billing",
      description: "Answers invoice questions.",
      model: model(
        [never, { text: "Refunded." }, { text: "Billing again." }, { text: "Billing, later." }],
        "billing",
      ),
      ...common,
    }),
  ];
}

async function openRuntime(journal: MemoryJournal, artHome: string) {
  return Runtime.open({ journal, artHome, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
}

describe("createSwarm", () => {
  it("the agent that answered last answers the next message, also in a later process", async () => {
    const journal = new MemoryJournal();
    const artHome = tempDir("art-home-");
    const checkpointer = new MemorySaver();
    const cwd = tempDir("art-ws-");
    const runtime = await openRuntime(journal, artHome);
    const swarm = createSwarm({ runtime, agents: swarmAgents(), cwd }).compile({ checkpointer });
    const thread = { configurable: { thread_id: "c1" } };

    const first = await swarm.invoke({ message: "my invoice is wrong" }, thread);
    expect(first).toMatchObject({ answer: "Refunded.", activeAgent: "billing", turns: 1 });
    const second = await swarm.invoke({ message: "and the next one?" }, thread);
    expect(second).toMatchObject({ answer: "Billing again.", activeAgent: "billing", turns: 2 });
    expect(second.history.map((exchange) => [exchange.agent, exchange.answer])).toEqual([
      ["billing", "Refunded."],
      ["billing", "Billing again."],
    ]);
    await runtime.close();

    // A new process: the thread's checkpoint says billing has the conversation, and so does the session.
    const later = await openRuntime(journal, artHome);
    const again = createSwarm({ runtime: later, agents: swarmAgents(), cwd }).compile({ checkpointer });
    const third = await again.invoke({ message: "one more" }, thread);
    expect(third).toMatchObject({ answer: "Billing, later.", activeAgent: "billing", turns: 3 });
    // One session for the whole conversation, one handoff in it.
    const sessions = (await journal.listSessions()).sessions;
    expect(sessions).toHaveLength(1);
    const handoffs: string[] = [];
    for await (const { event } of later.subscribe(sessions[0]!.id))
      if (event.type === "agent.handoff") handoffs.push(`${event.from}->${event.to}`);
    expect(handoffs).toEqual(["triage->billing"]);
    await later.close();
  });

  it("refuses an empty swarm, repeated names and an unknown default agent", async () => {
    const runtime = await openRuntime(new MemoryJournal(), tempDir("art-home-"));
    const agents = swarmAgents();
    expect(() => createSwarm({ runtime, agents: [] })).toThrow(/at least one agent/);
    expect(() => createSwarm({ runtime, agents: [agents[0]!, agents[0]!] })).toThrow(/names repeat/);
    expect(() => createSwarm({ runtime, agents, defaultAgent: "sales" })).toThrow(/defaultAgent "sales"/);
    await runtime.close();
  });
});
