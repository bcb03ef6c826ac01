import { execFileSync } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, REPO_ROOT, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

describe("the bundled example", () => {
  it("fixes the buggy calculator through art exec, with the real journal", async () => {
    const workspace = tempDir("art-example-");
    cpSync(path.join(REPO_ROOT, "examples", "buggy-calculator"), workspace, { recursive: true });
    const env = { ART_HOME: tempDir("art-home-") };
    const script = path.join(REPO_ROOT, "examples", "scripts", "buggy-calculator.json");
    const result = await runArt(
      ["exec", "--json", "--model", `scripted:${script}`, "--cwd", workspace, "Fix the failing test"],
      { env },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const events = jsonLines(result.stdout);
    expect(events.at(-2)).toMatchObject({ type: "session.ended", reason: "completed" });
    expect(events.at(-1)).toMatchObject({ type: "result", status: "completed" });
    expect(
      events.filter((event) => event.type === "tool.result").every((event) => event.error === undefined),
    ).toBe(true);
    expect(events.some((event) => event.type === "patch.applied")).toBe(true);
    expect(readFileSync(path.join(workspace, "calculator.js"), "utf8")).toContain("return a - b;");
    execFileSync(process.execPath, ["--test"], { cwd: workspace, stdio: "pipe" });

    const sessions = await runArt(["sessions", "--json"], { env });
    expect(jsonLines(sessions.stdout)[0]).toMatchObject({
      status: "completed",
      turns: 1,
      title: "Fix the failing test",
    });
    const shown = await runArt(["show", "--last", "--any-workspace", "--json"], { env });
    // The same lines as the live stream, without the run's `result` line (which is not journaled).
    expect(jsonLines(shown.stdout)).toEqual(events.slice(0, -1));
  });
});
