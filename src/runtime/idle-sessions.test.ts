import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { ModelClient, ScriptedResponse } from "../model/index.js";
import { tool } from "../tools/index.js";
import { defineAgent } from "./agent-definition.js";
import { Runtime } from "./runtime.js";
import { recordingModel } from "./testing/recording-model.js";

// Issue 15 item 4: a runtime holds a session in memory only while a run of it is going; a finished or suspended
// session lives in the journal alone and is rebuilt from it on demand. Over the real SQLite journal.

async function openRuntime() {
  const home = tempDir("art-home-");
  return Runtime.open({ artHome: home, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home } });
}

function agentOf(
  model: ModelClient,
  extra: Parameters<typeof defineAgent>[0]["tools"] = { builtins: "none" },
) {
  return defineAgent({ name: "idler", model, tools: extra, sandbox: "full-access", checkpoints: false });
}

/** The scripted model, each request held until `open()` — a model that is slow to answer. */
function gatedModel(responses: ScriptedResponse[]) {
  const inner = recordingModel(responses);
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let waiting = 0;
  let allWaiting: (n: number) => void = () => {};
  const model: ModelClient = {
    spec: inner.spec,
    contextWindow: inner.contextWindow,
    async *stream(request, signal) {
      waiting++;
      allWaiting(waiting);
      await gate;
      yield* inner.stream(request, signal);
    },
  };
  const waitingFor = (n: number) =>
    new Promise<void>((resolve) => {
      allWaiting = (count) => count >= n && resolve();
      allWaiting(waiting);
    });
  return { model, open: () => open(), waitingFor };
}

describe("idle sessions", () => {
  it("drops finished sessions, and a dropped one rehydrates from the journal and continues its conversation", async () => {
    const runtime = await openRuntime();
    const model = recordingModel([{ text: "First answer." }, { text: "Second answer." }]);
    const agent = agentOf(model);
    const cwd = tempDir();
    const runs = Array.from({ length: 12 }, (_, i) => runtime.run(agent, `task ${i}`, { cwd }));
    const results = await Promise.all(runs.map((run) => run.result));
    expect(results.map((r) => r.finalMessage)).toEqual(Array(12).fill("First answer."));
    expect(runtime.stats()).toEqual({ liveSessions: 0, busySessions: 0 });

    // Rebuilt from its journal: the model is asked with the first exchange in the conversation (the script answers
    // by the number of assistant responses it sees, so "Second answer." means it saw the first one).
    const picked = runs[7]!.sessionId;
    const again = await runtime.resume(picked, { agent, message: "and then?" }).result;
    expect(again).toMatchObject({ status: "completed", finalMessage: "Second answer." });
    expect(model.seen.at(-1)?.task).toBe("task 7");
    expect(runtime.stats()).toEqual({ liveSessions: 0, busySessions: 0 });
    expect((await runtime.session(picked))?.status).toBe("completed");
    await runtime.close();
  });

  it("holds a session waiting on its model only while it waits", async () => {
    const runtime = await openRuntime();
    const slow = gatedModel([{ text: "Eventually." }]);
    const agent = agentOf(slow.model);
    const cwd = tempDir();
    const runs = Array.from({ length: 8 }, (_, i) => runtime.run(agent, `wait ${i}`, { cwd }));
    await slow.waitingFor(8);
    expect(runtime.stats()).toEqual({ liveSessions: 8, busySessions: 8 });
    slow.open();
    const results = await Promise.all(runs.map((run) => run.result));
    expect(results.every((r) => r.finalMessage === "Eventually.")).toBe(true);
    expect(runtime.stats()).toEqual({ liveSessions: 0, busySessions: 0 });
    await runtime.close();
  });

  it("holds nothing for a session suspended on an approval; the answer rehydrates it and the tool runs once", async () => {
    const runtime = await openRuntime();
    let deployed = 0;
    const deploy = tool({
      name: "deploy",
      description: "Deploys.",
      inputSchema: z.object({}),
      effects: "write",
      needsApproval: true,
      execute: () => {
        deployed++;
        return "deployed";
      },
    });
    const model = recordingModel([{ toolCalls: [{ name: "deploy", arguments: {} }] }, { text: "Deployed." }]);
    const agent = defineAgent({
      name: "deployer",
      model,
      tools: { builtins: "none", extra: [deploy] },
      sandbox: "full-access",
      approval: "on-request",
      checkpoints: false,
    });
    const suspended = await runtime.run(agent, "deploy it", { cwd: tempDir(), suspendOnApproval: true })
      .result;
    expect(suspended.status).toBe("awaiting-approval");
    expect(runtime.stats()).toEqual({ liveSessions: 0, busySessions: 0 });
    expect(deployed).toBe(0);

    const [waiting] = suspended.awaitingApprovals ?? [];
    const continued = await runtime.resume(suspended.sessionId, {
      agent,
      approval: { approvalId: waiting!.approvalId, decision: "approve-once" },
    }).result;
    expect(continued).toMatchObject({ status: "completed", finalMessage: "Deployed." });
    expect(deployed).toBe(1);
    expect(runtime.stats()).toEqual({ liveSessions: 0, busySessions: 0 });
    await runtime.close();
  });
});
