import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp-workspace.js";
import { scriptedModelFromResponses } from "../../model/index.js";
import { MemoryJournal } from "../../store/index.js";
import { Annotation, Command, MemorySaver, START, StateGraph } from "../index.js";
import { agentNode } from "./index.js";

const State = Annotation.Root({
  task: Annotation<string>(),
  result: Annotation<string>(),
  files: Annotation<string[]>(),
});

describe("agentNode", () => {
  it("runs a session turn as a node; an approval is an interrupt answered in the same process without redoing work", async () => {
    const workspace = tempDir("art-ws-");
    const journal = new MemoryJournal();
    const model = scriptedModelFromResponses(
      [
        { toolCalls: [{ name: "shell", arguments: { command: "echo FIRST >> log.txt" } }] },
        { toolCalls: [{ name: "shell", arguments: { command: "echo SECOND >> log.txt" } }] },
        { text: "Both written." },
      ],
      { spec: "scripted:test" },
    );
    const node = agentNode<typeof State.State>(
      { model, journal, artHome: tempDir("art-home-"), approval: "untrusted", checkpoints: false },
      { cwd: workspace },
    );
    const graph = new StateGraph(State)
      .addNode("work", node)
      .addEdge(START, "work")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "a" } };
    const chunks: unknown[] = [];
    for await (const chunk of await graph.stream(
      { task: "write two lines" },
      { ...config, streamMode: ["updates", "messages"] },
    ))
      chunks.push(chunk);
    const first = chunks.at(-1) as [
      string,
      { __interrupt__: { value: { type: string; summary: string } }[] },
    ];
    expect(first[0]).toBe("updates");
    expect(first[1].__interrupt__[0]!.value).toMatchObject({
      type: "approval",
      summary: "echo FIRST >> log.txt",
    });

    const second = await graph.invoke(new Command({ resume: "approve-once" }), config);
    expect(second.__interrupt__?.[0]?.value).toMatchObject({ summary: "echo SECOND >> log.txt" });
    expect(readFileSync(path.join(workspace, "log.txt"), "utf8")).toBe("FIRST\n");

    const done = await graph.invoke(new Command({ resume: true }), config);
    expect(done).toMatchObject({ result: "Both written.", files: [] });
    expect(readFileSync(path.join(workspace, "log.txt"), "utf8")).toBe("FIRST\nSECOND\n");
    // One session did all of it.
    expect((await journal.listSessions()).sessions).toHaveLength(1);
  });

  it("fails the node with a typed error when the state has no task", async () => {
    const node = agentNode({
      model: "scripted:/nonexistent.json",
      journal: new MemoryJournal(),
      artHome: tempDir("art-home-"),
    });
    const graph = new StateGraph(State).addNode("work", node).addEdge(START, "work").compile();
    await expect(graph.invoke({})).rejects.toMatchObject({ code: "graph.agent_task_missing" });
  });
});
