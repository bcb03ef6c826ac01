import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import { Checkpointer } from "../checkpoint/index.js";
import type { AgentEvent } from "../core/index.js";
import { scriptedModelFromResponses } from "../model/index.js";
import { MemoryJournal } from "../store/index.js";
import { Agent } from "./agent.js";

/** A workspace big enough that its first snapshot takes many git steps, so a tool that did not wait would overtake it. */
function workspace(): string {
  const cwd = tempDir();
  const files: Record<string, string> = { "a.txt": "before\n" };
  for (let index = 0; index < 400; index++)
    files[`src/file-${index}.ts`] = `export const n${index} = ${index};\n`;
  writeTree(cwd, files);
  return cwd;
}

describe("the turn-start checkpoint, taken concurrently with the first model request", () => {
  it("is complete before any tool of the turn runs, and holds the workspace as it was", async () => {
    const cwd = workspace();
    const artHome = tempDir("art-home-");
    const agent = await Agent.create({
      model: scriptedModelFromResponses(
        [
          { toolCalls: [{ name: "write_file", arguments: { path: "a.txt", content: "after\n" } }] },
          { toolCalls: [{ name: "shell", arguments: { command: "echo shell >> a.txt" } }] },
          { text: "Done." },
        ],
        { spec: "scripted:test" },
      ),
      journal: new MemoryJournal(),
      artHome,
      sandbox: "full-access",
      approval: "never",
    });
    const run = agent.start("edit a.txt", { cwd });
    const events: AgentEvent[] = [];
    for await (const { event } of run.events()) events.push(event);
    expect(await run.result).toMatchObject({ status: "completed" });
    expect(readFileSync(path.join(cwd, "a.txt"), "utf8")).toBe("after\nshell\n");

    const order = events
      .filter(
        (event) =>
          event.type === "checkpoint.created" || event.type === "tool.result" || event.type === "exec.begin",
      )
      .map((event) => (event.type === "checkpoint.created" ? `checkpoint ${event.phase}` : event.type));
    expect(order).toEqual([
      "checkpoint turn-start",
      "tool.result",
      "exec.begin",
      "tool.result",
      "checkpoint turn-end",
    ]);

    const start = events.find((event) => event.type === "checkpoint.created" && event.phase === "turn-start");
    const checkpointer = await Checkpointer.open({ workspace: cwd, artHome });
    const diff = await checkpointer.diff((start as { checkpointId: string }).checkpointId);
    // Against the working tree, the turn-start checkpoint differs exactly by the turn's edits to a.txt.
    expect(diff.files.map((file) => file.path)).toEqual(["a.txt"]);
    expect(diff.patch).toContain("-before");
    expect(diff.patch).toContain("+after");
    await agent.close();
  });
});
