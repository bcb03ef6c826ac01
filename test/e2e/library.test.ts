import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

describe("examples/library.ts", () => {
  it("runs the agent through the public API and reports a completed session", () => {
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(REPO_ROOT, "examples", "library.ts")],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ART_HOME: tempDir("art-home-") },
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    expect(summary).toMatchObject({ status: "completed" });
    expect(summary.tools).toEqual([
      "update_plan",
      "list_dir",
      "shell",
      "read_file",
      "apply_patch",
      "update_plan",
      "shell",
    ]);
    expect(result.stdout).toContain("All three tests pass");
  });
});
