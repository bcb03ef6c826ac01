import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import type { AgentEvent } from "../core/index.js";
import { MemoryJournal } from "../store/index.js";
import { Agent } from "./agent.js";

function scriptFile(dir: string, name: string, responses: unknown[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ responses }));
  return `scripted:${file}`;
}

async function journal(agent: Agent, sessionId: string): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const { event } of agent.events(sessionId)) events.push(event);
  return events;
}

const FORBID = 'version = 1\n[[rule]]\nprefix = ["echo", "FORBIDDEN"]\ndecision = "forbid"\n';

async function newAgent(extra: Parameters<typeof Agent.create>[0] = {}) {
  return Agent.create({
    journal: new MemoryJournal(),
    artHome: tempDir("art-home-"),
    sandbox: "full-access",
    checkpoints: false,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("art-user-") },
    ...extra,
  });
}

describe("the model and the key are checked before a session exists", () => {
  it.each([
    ["a spec without a provider", "gpt-5", "model.spec_invalid"],
    ["an unknown provider", "opneai:gpt-5", "model.spec_invalid"],
    ["a missing key", "openai:gpt-5", "model.api_key_missing"],
    ["a script that does not exist", "scripted:/nonexistent/script.json", "model.script_invalid"],
  ])("%s fails the start and leaves no session", async (_name, model, code) => {
    const agent = await newAgent({ model });
    const run = agent.start("do it", { cwd: tempDir() });
    await expect(run.result).rejects.toMatchObject({ code });
    expect(await agent.sessions()).toEqual([]);
    await agent.close();
  });

  it("a rule file that does not parse fails the start and leaves no session", async () => {
    const dir = tempDir();
    const rules = path.join(dir, "bad.toml");
    writeFileSync(rules, "version = 1\n[[rule]]\ndecision = 12\n");
    const agent = await newAgent({ model: scriptFile(dir, "s.json", [{ text: "x" }]), ruleFiles: [rules] });
    await expect(agent.start("do it", { cwd: dir }).result).rejects.toMatchObject({
      code: "policy.rule_file_invalid",
    });
    expect(await agent.sessions()).toEqual([]);
    await agent.close();
  });
});

describe("resume changes settings only explicitly, and journals it", () => {
  it("resume({ settings: { model } }) mends a session; a bad model changes nothing", async () => {
    const dir = tempDir();
    const first = scriptFile(dir, "a.json", [{ text: "A." }]);
    const second = scriptFile(dir, "b.json", [{ text: "A." }, { text: "B." }]);
    const agent = await newAgent({ model: first });
    const run = agent.start("one", { cwd: dir });
    expect((await run.result).status).toBe("completed");

    const typo = agent.resume(run.sessionId, {
      message: "two",
      settings: { model: "scripted:/no/such.json" },
    });
    await expect(typo.result).rejects.toMatchObject({ code: expect.stringMatching(/^model\./) });
    const before = await journal(agent, run.sessionId);
    expect(
      before.some(
        (event) =>
          event.type === "settings.changed" || (event.type === "turn.started" && event.input === "two"),
      ),
    ).toBe(false);

    const mended = agent.resume(run.sessionId, { message: "two", settings: { model: second } });
    expect(await mended.result).toMatchObject({ status: "completed", finalMessage: "B." });
    const changes = (await journal(agent, run.sessionId)).filter(
      (event) => event.type === "settings.changed",
    );
    expect(changes).toMatchObject([{ changed: ["model"], by: "resume", settings: { model: second } }]);
    expect((await agent.session(run.sessionId))?.model).toBe(second);
    await agent.close();
  });

  it("added rule files apply from the change on, and a fork keeps them after the file is gone", async () => {
    const dir = tempDir();
    const rules = path.join(tempDir(), "forbid.toml");
    writeFileSync(rules, FORBID);
    const model = scriptFile(dir, "s.json", [
      { text: "Ready." },
      { toolCalls: [{ name: "shell", arguments: { command: "echo FORBIDDEN >> effects.txt" } }] },
      { text: "Refused." },
      { toolCalls: [{ name: "shell", arguments: { command: "echo FORBIDDEN >> effects.txt" } }] },
      { text: "Refused again." },
    ]);
    const agent = await newAgent({ model });
    const run = agent.start("get ready", { cwd: dir });
    await run.result;
    const resumed = agent.resume(run.sessionId, { message: "echo", settings: { ruleFiles: [rules] } });
    expect((await resumed.result).status).toBe("completed");
    rmSync(rules);
    const forkId = await agent.fork(run.sessionId, { atTurn: 2 });
    const forked = agent.resume(forkId, { message: "echo again" });
    expect(await forked.result).toMatchObject({ status: "completed", finalMessage: "Refused again." });
    expect(() => readFileSync(path.join(dir, "effects.txt"))).toThrow();
    const [started, ...rest] = await journal(agent, forkId);
    expect(started).toMatchObject({ type: "session.started", forkedFrom: { sessionId: run.sessionId } });
    expect(rest.find((event) => event.type === "settings.changed")).toMatchObject({
      changed: ["rules"],
      settings: { rules: [{ path: rules, layer: "extra", content: FORBID }] },
    });
    await agent.close();
  });

  it("a resume without changes journals none and runs under the session's settings, not the agent's options", async () => {
    const dir = tempDir();
    const model = scriptFile(dir, "s.json", [{ text: "One." }, { text: "Two." }]);
    const starter = await newAgent({ model, sandbox: "read-only" });
    const run = starter.start("one", { cwd: dir });
    await run.result;
    const other = await Agent.create({
      journal: starter.journal,
      artHome: starter.artHome,
      sandbox: "full-access",
      approval: "never",
      checkpoints: true,
    });
    const again = other.resume(run.sessionId, { message: "two" });
    expect((await again.result).status).toBe("completed");
    const events = await journal(other, run.sessionId);
    expect(events.some((event) => event.type === "settings.changed")).toBe(false);
    expect(events.some((event) => event.type === "checkpoint.created")).toBe(false);
    await starter.close();
  });
});

describe("variants of changing the rules under a session", () => {
  it("an edited project layer (.art/rules.toml) and a deleted user layer do not loosen a session", async () => {
    const dir = tempDir();
    writeTree(dir, { ".art/rules.toml": FORBID });
    const artHome = tempDir("art-home-");
    writeFileSync(path.join(artHome, "rules.toml"), FORBID.replace("FORBIDDEN", "USERFORBIDDEN"));
    const model = scriptFile(tempDir(), "s.json", [
      { text: "Ready." },
      {
        toolCalls: [
          { name: "shell", arguments: { command: "echo FORBIDDEN >> effects.txt" } },
          { name: "shell", arguments: { command: "echo USERFORBIDDEN >> effects.txt" } },
        ],
      },
      { text: "Refused." },
    ]);
    const agent = await newAgent({ model, artHome });
    const run = agent.start("get ready", { cwd: dir });
    await run.result;
    // What a command of the session (or anyone) could do between runs.
    writeFileSync(
      path.join(dir, ".art/rules.toml"),
      'version = 1\n[[rule]]\nprefix = ["echo"]\ndecision = "allow"\n',
    );
    rmSync(path.join(artHome, "rules.toml"));
    const resumed = agent.resume(run.sessionId, { message: "echo both" });
    expect((await resumed.result).status).toBe("completed");
    expect(() => readFileSync(path.join(dir, "effects.txt"))).toThrow();
    await agent.close();
  });

  it("a --rules file that does not parse is refused before anything is journaled", async () => {
    const dir = tempDir();
    const bad = path.join(dir, "bad.rules");
    writeFileSync(bad, "prefix_rule(pattern = [\n");
    const agent = await newAgent({ model: scriptFile(dir, "s.json", [{ text: "A." }, { text: "B." }]) });
    const run = agent.start("one", { cwd: dir });
    await run.result;
    const before = (await journal(agent, run.sessionId)).length;
    const resumed = agent.resume(run.sessionId, { message: "two", settings: { ruleFiles: [bad] } });
    await expect(resumed.result).rejects.toMatchObject({ code: "policy.rule_file_invalid" });
    expect(await journal(agent, run.sessionId)).toHaveLength(before);
    await agent.close();
  });

  it("a session from before event schema 2 (no journaled rules) keeps reading the agent's rule files", async () => {
    const dir = tempDir();
    const rules = path.join(dir, "forbid.toml");
    writeFileSync(rules, FORBID);
    const journalStore = new MemoryJournal();
    const model = scriptFile(dir, "s.json", [
      { toolCalls: [{ name: "shell", arguments: { command: "echo FORBIDDEN >> effects.txt" } }] },
      { text: "Refused." },
    ]);
    // As build 1 journaled it: settings without checkpoints, rules, childEnv, instructions.
    journalStore.append("ses_legacy", [
      {
        type: "session.started",
        cwd: dir,
        settings: {
          model,
          sandbox: "full-access",
          network: "none",
          approval: "on-request",
          writableRoots: [],
        },
      },
    ]);
    const agent = await newAgent({ journal: journalStore, ruleFiles: [rules] });
    const run = agent.resume("ses_legacy", { message: "echo" });
    expect(await run.result).toMatchObject({ status: "completed", finalMessage: "Refused." });
    expect(() => readFileSync(path.join(dir, "effects.txt"))).toThrow();
    await agent.close();
  });
});
