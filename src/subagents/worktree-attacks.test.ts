import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { git, tempDir } from "../../test/support/temp-workspace.js";
import type { AgentEvent } from "../core/index.js";
import type { ScriptedResponse } from "../model/index.js";
import { defineAgent, Runtime } from "../runtime/index.js";
import { recordingModel } from "../runtime/testing/recording-model.js";
import { MemoryJournal } from "../store/index.js";
import { type Tool, tool } from "../tools/index.js";
import { type SubagentSpec, spawnAgentTool } from "./index.js";

// Git runs outside the sandbox twice for an isolated sub-agent: `worktree add` in the user's repository, and the
// bring-back in the child's worktree after it finished. Neither may run what the repository's config, its hooks,
// the inherited environment or the child's own files name, nor read a file for the child.

/** A script that records that it ran (and with which arguments) in `marker`. */
function markerScript(dir: string, name: string, marker: string): string {
  const script = path.join(dir, name);
  writeFileSync(script, `#!/bin/sh\necho "${name} $*" >> '${marker}'\n`);
  chmodSync(script, 0o755);
  return script;
}

function writer(responses: ScriptedResponse[], extra: Tool<unknown>[] = []): SubagentSpec {
  return {
    name: "w",
    description: "Writer.",
    isolation: "worktree",
    define: (parent) =>
      defineAgent({
        name: "w",
        model: recordingModel(responses, "scripted:w"),
        tools: { builtins: ["write_file"], extra },
        sandbox: parent.settings.sandbox,
        approval: parent.settings.approval,
        checkpoints: false,
      }),
  };
}

/** A stand-in for a command the child ran in its worktree (what a sandboxed shell could do there). */
const childCommand = (name: string, run: (cwd: string) => void) =>
  tool({
    name,
    description: `Runs ${name} in the worktree.`,
    inputSchema: z.object({}),
    effects: "write",
    execute(_args, context) {
      run(context.cwd);
      return "done";
    },
  });

async function runIsolated(repo: string, child: SubagentSpec): Promise<AgentEvent[]> {
  const runtime = await Runtime.open({
    journal: new MemoryJournal(),
    artHome: tempDir("art-home-"),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("art-user-") },
  });
  const lead = defineAgent({
    name: "lead",
    model: recordingModel(
      [{ toolCalls: [{ name: "spawn_agent", arguments: { agent: "w", prompt: "go" } }] }, { text: "ok" }],
      "scripted:lead",
    ),
    tools: { builtins: "none", extra: [spawnAgentTool({ runtime, agents: [child] })] },
    checkpoints: false,
  });
  const run = runtime.run(lead, "go", { cwd: repo });
  expect(await run.result).toMatchObject({ status: "completed" });
  const events: AgentEvent[] = [];
  for await (const { event } of runtime.subscribe(run.sessionId)) events.push(event as AgentEvent);
  return events;
}

function newRepo(): string {
  const repo = tempDir("art-repo-");
  git(repo, "init", "--quiet", "-b", "main");
  writeFileSync(path.join(repo, "a.txt"), "one\n");
  git(repo, "add", "-A");
  git(repo, "commit", "--quiet", "-m", "start");
  return repo;
}

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe("isolated sub-agents against a hostile repository", () => {
  it("runs no hook, fsmonitor or inherited GIT_* setting of the user's repository", async () => {
    const repo = newRepo();
    const bin = tempDir("art-bin-");
    const marker = path.join(bin, "ran.log");
    for (const hook of [
      "post-checkout",
      "pre-commit",
      "post-commit",
      "reference-transaction",
      "post-index-change",
    ])
      markerScript(path.join(repo, ".git", "hooks"), hook, marker);
    const hooksDir = path.join(bin, "hooks");
    mkdirSync(hooksDir);
    markerScript(hooksDir, "post-checkout", marker);
    git(repo, "config", "core.hooksPath", hooksDir);
    git(repo, "config", "core.fsmonitor", markerScript(bin, "fsmonitor", marker));
    git(repo, "config", "diff.external", markerScript(bin, "external-diff", marker));
    // art started from inside a git hook inherits these; they would aim our git at the user's own index.
    const strayIndex = path.join(bin, "stray-index");
    process.env.GIT_INDEX_FILE = strayIndex;
    process.env.GIT_DIR = path.join(repo, ".git");
    writeFileSync(path.join(repo, "a.txt"), "one\nuncommitted\n");
    const indexBefore = readFileSync(path.join(repo, ".git", "index"));

    const events = await runIsolated(
      repo,
      writer([
        { toolCalls: [{ name: "write_file", arguments: { path: "b.txt", content: "b\n" } }] },
        { text: "w" },
      ]),
    );

    const result = events.find((event) => event.type === "tool.result");
    expect(result).toMatchObject({ ok: true, output: expect.stringContaining("added b.txt") });
    expect(readFileSync(path.join(repo, "b.txt"), "utf8")).toBe("b\n");
    expect(readFileSync(path.join(repo, "a.txt"), "utf8")).toBe("one\nuncommitted\n");
    expect(existsSync(marker) ? readFileSync(marker, "utf8") : "").toBe("");
    expect(existsSync(strayIndex)).toBe(false);
    expect(readFileSync(path.join(repo, ".git", "index")).equals(indexBefore)).toBe(true);
  });

  it("brings back a symlink the child made as a skipped link, never the file it points to", async () => {
    const repo = newRepo();
    const secret = path.join(tempDir("art-secret-"), "id_rsa");
    writeFileSync(secret, "PRIVATE KEY\n");
    const link = childCommand("make_link", (cwd) => symlinkSync(secret, path.join(cwd, "key.txt")));
    const events = await runIsolated(
      repo,
      writer(
        [
          { toolCalls: [{ name: "make_link", arguments: {} }] },
          { toolCalls: [{ name: "write_file", arguments: { path: "c.txt", content: "c\n" } }] },
          { text: "w" },
        ],
        [link],
      ),
    );
    const result = events.find((event) => event.type === "tool.result");
    expect(result).toMatchObject({ ok: true });
    expect(JSON.stringify(result)).toContain("key.txt");
    expect(JSON.stringify(events)).not.toContain("PRIVATE KEY");
    expect(existsSync(path.join(repo, "key.txt"))).toBe(false);
    expect(readFileSync(path.join(repo, "c.txt"), "utf8")).toBe("c\n");
  });

  it("ignores a .git file or directory the child planted in its worktree", async () => {
    const repo = newRepo();
    const bin = tempDir("art-bin-");
    const marker = path.join(bin, "ran.log");
    const evil = path.join(bin, "evil.git");
    git(bin, "init", "--quiet", "--bare", evil);
    git(evil, "config", "core.fsmonitor", markerScript(bin, "fsmonitor", marker));
    git(evil, "config", "core.bare", "false");
    const plant = childCommand("plant_git", (cwd) => {
      writeFileSync(path.join(cwd, ".git"), `gitdir: ${evil}\n`);
      mkdirSync(path.join(cwd, "sub"));
      writeFileSync(path.join(cwd, "sub", "d.txt"), "d\n");
      git(path.join(cwd, "sub"), "init", "--quiet");
      git(path.join(cwd, "sub"), "config", "core.fsmonitor", markerScript(bin, "nested-fsmonitor", marker));
    });
    const events = await runIsolated(
      repo,
      writer(
        [
          { toolCalls: [{ name: "write_file", arguments: { path: "e.txt", content: "e\n" } }] },
          { toolCalls: [{ name: "plant_git", arguments: {} }] },
          { text: "w" },
        ],
        [plant],
      ),
    );
    const result = events.find((event) => event.type === "tool.result");
    expect(result).toMatchObject({ ok: true, output: expect.stringContaining("added e.txt") });
    expect(readFileSync(path.join(repo, "e.txt"), "utf8")).toBe("e\n");
    expect(existsSync(marker) ? readFileSync(marker, "utf8") : "").toBe("");
    expect(existsSync(path.join(repo, "sub"))).toBe(false);
  });
});
