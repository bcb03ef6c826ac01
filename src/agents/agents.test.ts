import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidAgentFileError, loadAgents, narrowPermissions, parseAgentFile } from "./index.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "art-agents-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(path: string, text: string): Promise<void> {
  await mkdir(join(root, path, ".."), { recursive: true });
  await writeFile(join(root, path), text);
}

const REVIEWER = `---
name: reviewer
description: Reviews diffs # a comment
tools: [read_file, grep]
model: scripted:review.json
sandbox: read-only
approval: never
max_steps: 12
output_schema: {"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"]}
---
You review code. Never edit files.
`;

describe("parseAgentFile", () => {
  it("reads every field and the body as instructions", () => {
    const agent = parseAgentFile(REVIEWER, "r.md", "project");
    expect(agent).toMatchObject({
      version: 1,
      name: "reviewer",
      description: "Reviews diffs",
      tools: ["read_file", "grep"],
      model: "scripted:review.json",
      sandbox: "read-only",
      approval: "never",
      maxSteps: 12,
      outputSchema: { type: "object", required: ["ok"] },
      instructions: "You review code. Never edit files.",
      source: { kind: "project", file: "r.md" },
    });
  });

  it("reads block lists", () => {
    const agent = parseAgentFile("---\nname: a\ntools:\n  - shell\n  - grep\n---\nhi", "a.md", "project");
    expect(agent.tools).toEqual(["shell", "grep"]);
  });

  it("reads Claude Code files: comma-separated tools mapped to ours, their extra fields ignored", () => {
    const text =
      "---\nname: fixer\ndescription: Fixes\ntools: Read, Grep, Bash, Edit\nmodel: sonnet\ncolor: red\n---\nFix.";
    const agent = parseAgentFile(text, "f.md", "claude");
    expect(agent.tools).toEqual(["read_file", "grep", "shell", "apply_patch"]);
    expect(agent.model).toBeUndefined();
  });

  it.each([
    ["no front matter", "hello", "front matter"],
    ["unclosed", "---\nname: a\n", "front matter"],
    ["missing name", "---\ndescription: x\n---\n", "name"],
    ["bad name", "---\nname: a b\n---\n", "name"],
    ["bad sandbox", "---\nname: a\nsandbox: yolo\n---\n", "sandbox"],
    ["bad approval", "---\nname: a\napproval: sometimes\n---\n", "approval"],
    ["bad max_steps", "---\nname: a\nmax_steps: zero\n---\n", "max_steps"],
    ["bad schema", "---\nname: a\noutput_schema: {nope\n---\n", "output_schema"],
    ["unknown tool", "---\nname: a\ntools: [rm_rf]\n---\n", "tools"],
    ["unknown field", "---\nname: a\nmodle: x\n---\n", "modle"],
    ["twice", "---\nname: a\nname: b\n---\n", "name"],
  ])("%s is a typed error naming file and field", (_label, text, field) => {
    let caught: unknown;
    try {
      parseAgentFile(text, "/x/bad.md", "project");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidAgentFileError);
    const error = caught as InvalidAgentFileError;
    expect(error.code).toBe("agent.invalid_file");
    expect(error.field).toBe(field);
    expect(error.message).toContain("/x/bad.md");
    expect(error.message).toContain(field);
  });
});

describe("loadAgents", () => {
  it("finds project, Claude and user agents, the project winning a shared name", async () => {
    await put("repo/.art/agents/reviewer.md", REVIEWER);
    await put("repo/.claude/agents/fixer.md", "---\nname: fixer\ntools: Read\n---\nFix.");
    await put("repo/.claude/agents/reviewer.md", "---\nname: reviewer\n---\nClaude's.");
    await put("home/agents/helper.md", "---\nname: helper\n---\nHelp.");
    await put("home/agents/notes.txt", "not an agent");
    const agents = await loadAgents({ projectRoot: join(root, "repo"), artHome: join(root, "home") });
    expect(agents.map((a) => [a.name, a.source.kind])).toEqual([
      ["reviewer", "project"],
      ["fixer", "claude"],
      ["helper", "user"],
    ]);
  });

  it("is empty when no folder exists", async () => {
    expect(await loadAgents({ projectRoot: join(root, "none"), artHome: join(root, "none2") })).toEqual([]);
  });

  it("rejects the same name twice in one folder", async () => {
    await put("repo/.art/agents/a.md", "---\nname: same\n---\n");
    await put("repo/.art/agents/b.md", "---\nname: same\n---\n");
    await expect(loadAgents({ projectRoot: join(root, "repo") })).rejects.toMatchObject({
      code: "agent.invalid_file",
      field: "name",
    });
  });
});

describe("narrowPermissions", () => {
  const parent = {
    sandbox: "workspace-write",
    network: "none",
    approval: "on-request",
    writableRoots: ["/tmp/cache"],
  } as const;

  it("never widens: a looser child keeps the parent's", () => {
    expect(
      narrowPermissions(parent, {
        sandbox: "full-access",
        network: "full",
        approval: "on-failure",
        writableRoots: ["/etc", "/tmp/cache/sub"],
      }),
    ).toEqual({ ...parent, writableRoots: ["/tmp/cache/sub"] });
  });

  it("a stricter child wins", () => {
    expect(
      narrowPermissions(parent, { sandbox: "read-only", approval: "untrusted", writableRoots: [] }),
    ).toEqual({
      sandbox: "read-only",
      network: "none",
      approval: "untrusted",
      writableRoots: [],
    });
  });
});
