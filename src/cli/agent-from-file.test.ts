import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../../test/support/memory-io.js";
import { parseAgentFile } from "../agents/index.js";
import { withAgentFile } from "./agent-from-file.js";
import { runCli } from "./main.js";

const file = (front: string) => parseAgentFile(`---\nname: a\n${front}---\nBe careful.`, "a.md", "project");

describe("withAgentFile", () => {
  it("applies tools, model, instructions and max_steps; tightens but never widens", () => {
    const fields = withAgentFile(
      { sandbox: "read-only", approval: "on-request", instructions: "From config." },
      file(
        "tools: [read_file, grep]\nmodel: scripted:x.json\nsandbox: full-access\napproval: untrusted\nmax_steps: 3\n",
      ),
      {},
      "/w",
    );
    expect(fields).toMatchObject({
      sandbox: "read-only",
      approval: "untrusted",
      network: "none",
      model: "scripted:x.json",
      maxSteps: 3,
      tools: { builtins: ["read_file", "grep"] },
      instructions: "From config.\n\nBe careful.",
    });
  });

  it("--model wins over the file's model", () => {
    expect(withAgentFile({}, file("model: scripted:x.json\n"), { model: "openai:gpt-5" }, "/w").model).toBe(
      "openai:gpt-5",
    );
  });
});

describe("art exec --agent", () => {
  it("an unknown agent is a clear error", async () => {
    const root = await mkdtemp(join(tmpdir(), "art-exec-agent-"));
    try {
      await mkdir(join(root, ".git"));
      await mkdir(join(root, ".art", "agents"), { recursive: true });
      await writeFile(join(root, ".art/agents/r.md"), "---\nname: reviewer\n---\nReview.");
      const io = memoryIO({ cwd: root, env: { ART_HOME: join(root, "home") } });
      expect(await runCli(["exec", "--agent", "nobody", "hi"], io)).not.toBe(0);
      expect(io.err()).toContain('No agent named "nobody"');
      expect(io.err()).toContain("art agents");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
