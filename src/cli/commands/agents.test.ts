import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryIO } from "../../../test/support/memory-io.js";
import { runCli } from "../main.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "art-agents-cli-"));
  await mkdir(join(root, "repo", ".git"), { recursive: true });
  await mkdir(join(root, "repo", ".art", "agents"), { recursive: true });
  await mkdir(join(root, "home", "agents"), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("art agents", () => {
  it("lists each agent with where it came from", async () => {
    await writeFile(
      join(root, "repo/.art/agents/r.md"),
      "---\nname: reviewer\ndescription: Reviews\n---\nReview.",
    );
    await writeFile(join(root, "home/agents/h.md"), "---\nname: helper\n---\nHelp.");
    const io = memoryIO({ cwd: join(root, "repo"), env: { ART_HOME: join(root, "home") } });
    expect(await runCli(["agents", "--json"], io)).toBe(0);
    const { agents } = JSON.parse(io.out()) as { agents: { name: string; source: { kind: string } }[] };
    expect(agents.map((a) => [a.name, a.source.kind])).toEqual([
      ["reviewer", "project"],
      ["helper", "user"],
    ]);
    const human = memoryIO({ cwd: join(root, "repo"), env: { ART_HOME: join(root, "home") } });
    expect(await runCli(["agents"], human)).toBe(0);
    expect(human.out()).toContain("reviewer");
    expect(human.out()).toContain("project");
  });

  it("a bad file is a clear error naming file and field, without a stack trace", async () => {
    await writeFile(join(root, "repo/.art/agents/bad.md"), "---\nname: bad\nsandbox: yolo\n---\n");
    const io = memoryIO({ cwd: join(root, "repo"), env: { ART_HOME: join(root, "home") } });
    expect(await runCli(["agents"], io)).not.toBe(0);
    expect(io.err()).toContain("bad.md");
    expect(io.err()).toContain('"sandbox"');
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});
