import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type AppendRecord, DurabilityJournal } from "../../test/support/durability-journal.js";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import type { AgentEvent } from "../core/index.js";
import type { ScriptedResponse } from "../model/index.js";
import { scriptedModelFromResponses } from "../model/index.js";
import { tool } from "../tools/index.js";
import { Agent } from "./agent.js";

/** A write tool that records, while it runs, how far its session is durable. */
function probeTool(journal: DurabilityJournal, seen: { callId: string; durable: number }[]) {
  return tool({
    name: "probe",
    description: "records the journal's durable watermark",
    inputSchema: z.object({}),
    effects: "write",
    async execute(_args, context) {
      seen.push({ callId: context.callId, durable: journal.durable(sessionOf(journal)) });
      return "probed";
    },
  });
}

function sessionOf(journal: DurabilityJournal): string {
  return journal.sessionIds()[0]!;
}

function seqOf(journal: DurabilityJournal, match: (event: AgentEvent) => boolean, what: string): number {
  return journal.find(match, what).seq;
}

/** The last `step.completed` appended before `record`. */
function stepBefore(journal: DurabilityJournal, record: AppendRecord): number {
  return journal.appended
    .filter((item) => item.seq < record.seq && item.event.type === "step.completed")
    .at(-1)!.seq;
}

async function run(
  journal: DurabilityJournal,
  responses: ScriptedResponse[],
  extra: Partial<Parameters<typeof Agent.create>[0]>,
) {
  const cwd = tempDir();
  writeTree(cwd, { "a.txt": "a\n", "b.txt": "b\n" });
  const agent = await Agent.create({
    model: scriptedModelFromResponses(responses, { spec: "scripted:test" }),
    journal,
    artHome: tempDir("art-home-"),
    sandbox: "full-access",
    checkpoints: false,
    // A home without a login profile: commands here measure the journal, not the machine's shell start-up.
    env: { ...process.env, HOME: tempDir("art-user-") },
    ...extra,
  });
  const result = await agent.start("work", { cwd }).result;
  return { cwd, result };
}

describe("durability before effects (no effect without a durable record)", () => {
  it("fsyncs each step's calls and completion before a tool starts, and each result before the next call", async () => {
    const journal = new DurabilityJournal();
    const probes: { callId: string; durable: number }[] = [];
    const { cwd, result } = await run(
      journal,
      [
        { toolCalls: [{ name: "shell", arguments: { command: "echo one >> effects.txt" } }] },
        {
          toolCalls: [
            { name: "read_file", arguments: { path: "a.txt" } },
            { name: "read_file", arguments: { path: "b.txt" } },
            { name: "probe", arguments: {} },
            { name: "shell", arguments: { command: "echo two >> effects.txt" } },
          ],
        },
        { text: "Done." },
      ],
      { approval: "never", tools: [probeTool(journal, probes)] },
    );
    expect(result.status).toBe("completed");
    expect(readFileSync(path.join(cwd, "effects.txt"), "utf8")).toBe("one\ntwo\n");

    const begins = journal.appended.filter((record) => record.event.type === "exec.begin");
    expect(begins).toHaveLength(2);
    for (const begin of begins) {
      const callId = (begin.event as { callId: string }).callId;
      const call = seqOf(
        journal,
        (event) => event.type === "tool.call" && event.callId === callId,
        "tool.call",
      );
      // The call, the step that made it, and every earlier result are durable before the command starts.
      expect(call).toBeLessThanOrEqual(begin.durableAtAppend);
      expect(stepBefore(journal, begin)).toBeLessThanOrEqual(begin.durableAtAppend);
      for (const earlier of journal.appended.filter(
        (item) => item.seq < begin.seq && item.event.type === "tool.result",
      )) {
        expect(earlier.seq).toBeLessThanOrEqual(begin.durableAtAppend);
      }
    }
    // A tool that journals nothing of its own (like apply_patch or write_file) also starts only after its record.
    expect(probes).toHaveLength(1);
    const probeCall = seqOf(
      journal,
      (event) => event.type === "tool.call" && event.name === "probe",
      "probe call",
    );
    const probeStep = journal.appended.find(
      (item) => item.seq > probeCall && item.event.type === "step.completed",
    )!;
    expect(probes[0]!.durable).toBeGreaterThanOrEqual(probeStep.seq);
    // The reads' results are durable before the probe (a write) runs.
    const readResults = journal.appended.filter(
      (item) => item.event.type === "tool.result" && item.event.name === "read_file",
    );
    for (const read of readResults) expect(read.seq).toBeLessThanOrEqual(probes[0]!.durable);

    // Every model call starts after the turn's start is durable; the turn's end and session.ended are durable once
    // the run resolves.
    const turnStarted = seqOf(journal, (event) => event.type === "turn.started", "turn.started");
    for (const step of journal.appended.filter((item) => item.event.type === "step.started")) {
      expect(turnStarted).toBeLessThanOrEqual(step.durableAtAppend);
    }
    const id = sessionOf(journal);
    expect(journal.durable(id)).toBe(await journal.lastSeq(id));
    expect(journal.appended.at(-1)!.event).toEqual({ type: "session.ended", reason: "completed" });
  });

  it("fsyncs the final answer before the turn-end checkpoint acts on it", async () => {
    const journal = new DurabilityJournal();
    await run(journal, [{ text: "Answer." }], { approval: "never", checkpoints: true });
    const checkpoint = journal.find(
      (event) => event.type === "checkpoint.created" && event.phase === "turn-end",
      "turn-end checkpoint",
    );
    expect(stepBefore(journal, checkpoint)).toBeLessThanOrEqual(checkpoint.durableAtAppend);
  });

  it("fsyncs an approval's decision before the approved command runs", async () => {
    const journal = new DurabilityJournal();
    const { cwd } = await run(
      journal,
      [
        { toolCalls: [{ name: "shell", arguments: { command: "echo approved >> effects.txt" } }] },
        { text: "Done." },
      ],
      { approval: "untrusted", onApproval: async () => "approve-once" },
    );
    expect(readFileSync(path.join(cwd, "effects.txt"), "utf8")).toBe("approved\n");
    const begin = journal.find((event) => event.type === "exec.begin", "exec.begin");
    const requested = seqOf(journal, (event) => event.type === "approval.requested", "approval.requested");
    const decided = seqOf(journal, (event) => event.type === "approval.decided", "approval.decided");
    expect(requested).toBeLessThan(decided);
    expect(decided).toBeLessThanOrEqual(begin.durableAtAppend);
  });
});
