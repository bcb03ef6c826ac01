import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

describe("art exec --agent NAME (scripted model)", () => {
  it("runs as the file's agent: its model and a sandbox that only gets stricter", async () => {
    const workspace = tempDir();
    mkdirSync(path.join(workspace, ".git"));
    mkdirSync(path.join(workspace, ".art", "agents"), { recursive: true });
    const script = path.join(tempDir(), "s.json");
    writeFileSync(script, JSON.stringify({ responses: [{ text: "Reviewed." }] }));
    writeFileSync(
      path.join(workspace, ".art/agents/reviewer.md"),
      `---\nname: reviewer\ndescription: Reviews\ntools: [read_file, grep]\nmodel: scripted:${script}\nsandbox: read-only\n---\nReview only.\n`,
    );
    const env = { ART_HOME: tempDir() };
    const listed = await runArt(["agents"], { cwd: workspace, env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("reviewer");
    const run = await runArt(["exec", "--json", "--agent", "reviewer", "--sandbox", "full-access", "go"], {
      cwd: workspace,
      env,
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const events = jsonLines(run.stdout);
    const started = events.find((event) => event.type === "session.started") as
      | { settings: { model: string; sandbox: string } }
      | undefined;
    expect(started?.settings.model).toBe(`scripted:${script}`);
    expect(started?.settings.sandbox).toBe("read-only");
    expect(events.filter((e) => e.type === "message.completed").map((e) => e.text)).toEqual(["Reviewed."]);
  });
});
