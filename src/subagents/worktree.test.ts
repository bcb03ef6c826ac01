import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { git, tempDir } from "../../test/support/temp-workspace.js";
import type { AgentEvent } from "../core/index.js";
import type { ScriptedResponse } from "../model/index.js";
import { defineAgent, Runtime } from "../runtime/index.js";
import { recordingModel } from "../runtime/testing/recording-model.js";
import { MemoryJournal } from "../store/index.js";
import { type Tool, tool } from "../tools/index.js";
import { type SubagentSpec, spawnAgentTool } from "./index.js";

function writer(name: string, responses: ScriptedResponse[], extra: Tool<unknown>[] = []): SubagentSpec {
  const model = recordingModel(responses, `scripted:${name}`);
  return {
    name,
    description: `Writer ${name}.`,
    isolation: "worktree",
    define: (parent) =>
      defineAgent({
        name,
        model,
        tools: { builtins: ["write_file", "read_file"], extra },
        sandbox: parent.settings.sandbox,
        approval: parent.settings.approval,
        checkpoints: false,
      }),
  };
}

const write = (file: string, content: string) => ({
  toolCalls: [{ name: "write_file", arguments: { path: file, content } }],
});
const spawnCall = (agent: string) => ({
  name: "spawn_agent",
  arguments: { agent, prompt: `task of ${agent}` },
});

describe("isolation: worktree", () => {
  it("two parallel writers change the repository; a third that edits the same lines reports a clean conflict", async () => {
    const repo = tempDir("art-repo-");
    git(repo, "init", "--quiet", "-b", "main");
    writeFileSync(path.join(repo, "a.txt"), "one\ntwo\nthree\n");
    git(repo, "add", "-A");
    git(repo, "commit", "--quiet", "-m", "start");
    const head = git(repo, "rev-parse", "HEAD").trim();
    // The user has an uncommitted edit: the writers start from it, and it is still there after.
    writeFileSync(path.join(repo, "notes.txt"), "mine\n");

    // The third writer edits line one only once the second's edit of it is in the parent's workspace.
    const waitForTwo = tool({
      name: "wait_for_two",
      description: "Waits for the other writer.",
      inputSchema: z.object({}),
      effects: "read",
      async execute() {
        while (!readFileSync(path.join(repo, "a.txt"), "utf8").startsWith("ONE by two")) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return "ready";
      },
    });
    const agents = [
      writer("w1", [write("new.txt", "from w1\n"), { text: "w1 done" }]),
      writer("w2", [write("a.txt", "ONE by two\ntwo\nthree\n"), { text: "w2 done" }]),
      writer(
        "w3",
        [
          { toolCalls: [{ name: "wait_for_two", arguments: {} }] },
          write("a.txt", "ONE by three\ntwo\nthree\n"),
          { text: "w3 done" },
        ],
        [waitForTwo],
      ),
    ];
    const artHome = tempDir("art-home-");
    const runtime = await Runtime.open({
      journal: new MemoryJournal(),
      artHome,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("art-user-") },
    });
    const spawn = spawnAgentTool({ runtime, agents });
    const lead = defineAgent({
      name: "lead",
      model: recordingModel(
        [{ toolCalls: [spawnCall("w1"), spawnCall("w2"), spawnCall("w3")] }, { text: "merged" }],
        "scripted:lead",
      ),
      tools: { builtins: "none", extra: [spawn] },
      checkpoints: false,
    });
    const run = runtime.run(lead, "split the work", { cwd: repo });
    expect(await run.result).toMatchObject({ status: "completed" });

    const events: AgentEvent[] = [];
    for await (const { event } of runtime.subscribe(run.sessionId)) events.push(event as AgentEvent);
    const results = events.flatMap((event) => (event.type === "tool.result" ? [event] : []));
    expect(results[0]).toMatchObject({ ok: true, output: expect.stringContaining("added new.txt") });
    expect(results[1]).toMatchObject({ ok: true, output: expect.stringContaining("modified a.txt") });
    expect(results[2]).toMatchObject({ ok: false, error: { code: "agent.worktree_conflict" } });
    // The conflicting hunk is shown to the model.
    expect(results[2]!.output).toContain("+ONE by three");

    expect(readFileSync(path.join(repo, "new.txt"), "utf8")).toBe("from w1\n");
    expect(readFileSync(path.join(repo, "a.txt"), "utf8")).toBe("ONE by two\ntwo\nthree\n");
    expect(readFileSync(path.join(repo, "notes.txt"), "utf8")).toBe("mine\n");
    // The user's HEAD, index, branches and worktree list are as they were; no worktree is left behind.
    expect(git(repo, "rev-parse", "HEAD").trim()).toBe(head);
    expect(git(repo, "diff", "--cached", "--name-only")).toBe("");
    expect(git(repo, "branch", "--format=%(refname:short)").trim()).toBe("main");
    expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
    expect(git(repo, "status", "--porcelain").split("\n").filter(Boolean).sort()).toEqual([
      " M a.txt",
      "?? new.txt",
      "?? notes.txt",
    ]);
    const worktrees = path.join(artHome, "worktrees");
    expect(existsSync(worktrees) ? readdirSync(worktrees) : []).toEqual([]);
  });

  it("outside a git repository, an isolated child is refused with agent.worktree_unavailable", async () => {
    const cwd = tempDir("art-plain-");
    const runtime = await Runtime.open({
      journal: new MemoryJournal(),
      artHome: tempDir("art-home-"),
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("art-user-") },
    });
    const spawn = spawnAgentTool({ runtime, agents: [writer("w1", [{ text: "never" }])] });
    const lead = defineAgent({
      name: "lead",
      model: recordingModel([{ toolCalls: [spawnCall("w1")] }, { text: "ok" }], "scripted:lead"),
      tools: { builtins: "none", extra: [spawn] },
      checkpoints: false,
    });
    const run = runtime.run(lead, "go", { cwd });
    await run.result;
    const events: AgentEvent[] = [];
    for await (const { event } of runtime.subscribe(run.sessionId)) events.push(event as AgentEvent);
    const result = events.find((event) => event.type === "tool.result");
    expect(result).toMatchObject({ ok: false, error: { code: "agent.worktree_unavailable" } });
    expect(await runtime.sessions({ parentId: run.sessionId })).toEqual([]);
  });
});
