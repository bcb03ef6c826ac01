import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

describe("a relative scripted:<file> spec", () => {
  it("is stored as an absolute path, so resume from another directory reads the same script", async () => {
    const scripts = tempDir();
    writeFileSync(
      path.join(scripts, "s.json"),
      JSON.stringify({ responses: [{ text: "First answer." }, { text: "Second answer." }] }),
    );
    const env = { ART_HOME: tempDir() };
    const workspace = tempDir();
    const first = await runArt(["exec", "--json", "--model", "scripted:s.json", "--cwd", workspace, "one"], {
      cwd: scripts,
      env,
    });
    expect(first.code).toBe(0);
    const started = jsonLines(first.stdout).find((event) => event.type === "session.started") as
      | { sessionId: string; settings: { model: string } }
      | undefined;
    expect(started?.settings.model).toBe(`scripted:${path.join(scripts, "s.json")}`);

    // The victim's next step: resuming from somewhere else, where "s.json" means nothing.
    const elsewhere = tempDir();
    const second = await runArt(["resume", "--json", started!.sessionId, "two"], { cwd: elsewhere, env });
    expect(second.stderr).not.toContain("model.script_invalid");
    expect(second.code).toBe(0);
    const texts = jsonLines(second.stdout)
      .filter((event) => event.type === "message.completed")
      .map((event) => event.text);
    expect(texts).toEqual(["Second answer."]);
  });
});
