import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/repo-root.js";

/** Runs the conformance file in its own vitest, as a fresh clone (no ../shared) would. */
function runConformance(env: NodeJS.ProcessEnv) {
  const result = spawnSync(
    process.execPath,
    [
      path.join(REPO_ROOT, "node_modules", "vitest", "vitest.mjs"),
      "run",
      "test/conformance/apply-patch.test.ts",
    ],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, ART_SHARED_FIXTURES_DIR: "/nonexistent/shared/fixtures", CI: "1", ...env },
      timeout: 120_000,
    },
  );
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("conformance fixtures outside the repository", () => {
  it("are skipped, saying why, on a clone without ../shared", () => {
    const result = runConformance({ ART_REQUIRE_SHARED_FIXTURES: "" });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(
      "SKIPPED: /nonexistent/shared/fixtures/codex-apply-patch/scenarios is absent: these fixtures live outside the repository",
    );
    expect(result.output).toMatch(/skipped/);
  });

  it("fail instead when ART_REQUIRE_SHARED_FIXTURES=1 (CI)", () => {
    const result = runConformance({ ART_REQUIRE_SHARED_FIXTURES: "1" });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("FAILING (ART_REQUIRE_SHARED_FIXTURES=1)");
    expect(result.output).toMatch(/finds the scenarios/);
  });
});
