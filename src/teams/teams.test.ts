import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import { MemorySaver } from "../graph/index.js";
import { type ScriptedResponse, scriptedModelFromResponses } from "../model/index.js";
import { MemoryJournal } from "../store/index.js";
import { createSupervisor, mapReduce } from "./index.js";

function model(responses: ScriptedResponse[], name: string) {
  return scriptedModelFromResponses(responses, { spec: `scripted:${name}`, source: name });
}

/** A member that appends a mark to `file` once (the effect counted) and reports `text`. */
function writer(file: string, text: string): ScriptedResponse[] {
  return [{ toolCalls: [{ name: "shell", arguments: { command: `echo mark >> ${file}` } }] }, { text }];
}

function marks(file: string): number {
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").length : 0;
}

describe("createSupervisor", () => {
  it("routes work to two members at once, sends a bad reply back once, and ends with the answer", async () => {
    const workspace = tempDir("art-ws-");
    const journal = new MemoryJournal();
    const common = { journal, artHome: tempDir("art-home-"), checkpoints: false };
    const supervisor = model(
      [
        {
          text: JSON.stringify({
            route: [
              { agent: "coder", task: "write a.txt" },
              { agent: "tester", task: "write b.txt" },
            ],
          }),
        },
        { text: '{"route": [{"agent": "nobody", "task": "x"}]}' },
        { text: 'Here it is:\n```json\n{"answer": "Both files are written."}\n```' },
      ],
      "supervisor",
    );
    const team = createSupervisor({
      supervisor: { ...common, model: supervisor, sandbox: "read-only" },
      members: {
        coder: {
          agent: { ...common, model: model(writer("a.txt", "wrote a"), "coder") },
          description: "writes code",
        },
        tester: {
          agent: { ...common, model: model(writer("b.txt", "wrote b"), "tester") },
          description: "tests",
        },
      },
      cwd: workspace,
    }).compile({ checkpointer: new MemorySaver() });
    const state = await team.invoke({ task: "write two files" }, { configurable: { thread_id: "t" } });
    expect(state.answer).toBe("Both files are written.");
    expect(state.reports.map((report) => [report.agent, report.status, report.finalMessage]).sort()).toEqual([
      ["coder", "completed", "wrote a"],
      ["tester", "completed", "wrote b"],
    ]);
    expect(state.reports.every((report) => report.round === 0)).toBe(true);
    expect(marks(path.join(workspace, "a.txt"))).toBe(1);
    expect(marks(path.join(workspace, "b.txt"))).toBe(1);
    // One coordinator session of three turns (the round, the correction, the answer) and one per member.
    const sessions = (await journal.listSessions()).sessions;
    expect(sessions).toHaveLength(3);
    const coordinator = sessions.find((session) => session.id.startsWith("ses_t"))!;
    expect(coordinator.turns).toBe(3);
  });

  it("resumes a failed run without running finished members again", async () => {
    const workspace = tempDir("art-ws-");
    const journal = new MemoryJournal();
    const checkpointer = new MemorySaver();
    const common = { journal, artHome: tempDir("art-home-"), checkpoints: false };
    const route = { text: JSON.stringify({ route: [{ agent: "coder", task: "write a.txt" }] }) };
    const build = (supervisorResponses: ScriptedResponse[]) =>
      createSupervisor({
        supervisor: { ...common, model: model(supervisorResponses, "supervisor"), sandbox: "read-only" },
        members: {
          coder: {
            agent: { ...common, model: model(writer("a.txt", "wrote a"), "coder") },
            description: "codes",
          },
        },
        cwd: workspace,
      }).compile({ checkpointer });
    const config = { configurable: { thread_id: "crash" } };
    // The coordinator's script ends after its first reply: the second round fails.
    await expect(build([route]).invoke({ task: "write a" }, config)).rejects.toMatchObject({
      code: "team.supervisor_failed",
    });
    expect(marks(path.join(workspace, "a.txt"))).toBe(1);
    // A new team (as after a restart) goes on from the checkpoint: the coordinator's failed turn is finished,
    // the member's finished work is not done again.
    const state = await build([route, { text: '{"answer": "done"}' }]).invoke(null, config);
    expect(state.answer).toBe("done");
    expect(marks(path.join(workspace, "a.txt"))).toBe(1);
    const coordinator = (await journal.listSessions()).sessions.find((session) =>
      session.id.startsWith("ses_t"),
    )!;
    expect(coordinator.turns).toBe(2);
  });

  it("stops with a typed error when the replies stay unusable or the rounds run out", async () => {
    const common = { journal: new MemoryJournal(), artHome: tempDir("art-home-"), checkpoints: false };
    const bad = createSupervisor({
      supervisor: {
        ...common,
        model: model([{ text: "hm" }, { text: "[]" }, { text: '{"answer": 3}' }], "s1"),
      },
      members: { coder: { agent: { ...common, model: model([], "c") }, description: "codes" } },
      cwd: tempDir("art-ws-"),
    }).compile();
    await expect(bad.invoke({ task: "x" })).rejects.toMatchObject({ code: "team.bad_route" });

    const loop = { text: JSON.stringify({ route: [{ agent: "coder", task: "again" }] }) };
    const endless = createSupervisor({
      supervisor: { ...common, model: model([loop, loop, loop], "s2") },
      members: {
        coder: { agent: { ...common, model: model([{ text: "ok" }], "c2") }, description: "codes" },
      },
      cwd: tempDir("art-ws-"),
      maxRounds: 2,
    }).compile();
    await expect(endless.invoke({ task: "x" })).rejects.toMatchObject({ code: "team.max_rounds" });
    expect(() => createSupervisor({ supervisor: common, members: {} })).toThrow(/at least one member/);
    expect(() =>
      createSupervisor({ supervisor: common, members: { "a b": { agent: common, description: "" } } }),
    ).toThrow(/member name/);
  });
});

describe("mapReduce", () => {
  it("runs one session per item, at most `concurrency` at once, and reduces in item order", async () => {
    const workspace = tempDir("art-ws-");
    const journal = new MemoryJournal();
    const common = { journal, artHome: tempDir("art-home-"), checkpoints: false };
    const items = ["one", "two", "three", "four", "five"];
    let running = 0;
    let peak = 0;
    const team = mapReduce<string>({
      agent: (item) => ({
        ...common,
        model: {
          ...model(writer(`${item}.txt`, `did ${item}`), item),
          // Counts sessions sampling at once, to see the limit hold.
          stream: async function* (request, signal) {
            running++;
            peak = Math.max(peak, running);
            try {
              await new Promise((resolve) => setTimeout(resolve, 20));
              yield* model(writer(`${item}.txt`, `did ${item}`), item).stream(request, signal);
            } finally {
              running--;
            }
          },
        },
      }),
      task: (item) => `handle ${item}`,
      cwd: workspace,
      concurrency: 2,
      reduce: (results) => results.map((result) => `${result.index}:${result.finalMessage}`).join(","),
    }).compile({ checkpointer: new MemorySaver() });
    const state = await team.invoke({ items }, { configurable: { thread_id: "m" } });
    expect(state.output).toBe("0:did one,1:did two,2:did three,3:did four,4:did five");
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBe(2);
    for (const item of items) expect(marks(path.join(workspace, `${item}.txt`))).toBe(1);
    expect((await journal.listSessions()).sessions).toHaveLength(5);
  });

  it("reduces with an agent, and an empty list goes straight to the reducer", async () => {
    const common = { journal: new MemoryJournal(), artHome: tempDir("art-home-"), checkpoints: false };
    const team = mapReduce<string>({
      agent: { ...common, model: model([{ text: "item done" }], "m") },
      task: (item) => item,
      cwd: tempDir("art-ws-"),
      reduce: {
        agent: { ...common, model: model([{ text: "summary" }], "r") },
        task: (results) => `sum ${results.length}`,
      },
    }).compile();
    expect((await team.invoke({ items: ["a", "b"] })).output).toBe("summary");
    expect((await team.invoke({ items: [] })).output).toBe("summary");
    await expect(team.invoke({ items: "nope" as unknown as string[] })).rejects.toMatchObject({
      code: "team.invalid_input",
    });
  });
});
