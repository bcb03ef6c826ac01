import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { removeDir, tempDir } from "../support/temp-workspace.js";
import { REQUIRE_SHARED_FIXTURES_ENV, sharedFixtures } from "./shared-fixtures.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixtures = sharedFixtures("codex-apply-patch/scenarios");
const scenarios = fixtures.dir;
const cli = path.join(repo, "bin/art");

/**
 * Codex applies hunks one by one and leaves the earlier ones on disk when a later one fails (its fixture expects
 * `created.txt` to exist after the failed patch). We are atomic on purpose: a failed patch leaves the tree exactly as
 * it was, so the model never has to reason about a half-applied change. For this scenario we assert that instead.
 */
const ATOMIC_DIVERGENCE = "015_failure_after_partial_success_leaves_changes";

/** Every file under `root` (relative path → content), so whole trees compare in one assertion. */
function readTree(root: string): Record<string, string> {
  const tree: Record<string, string> = {};
  if (!existsSync(root)) return tree;
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else tree[path.relative(root, full).split(path.sep).join("/")] = readFileSync(full, "utf8");
    }
  };
  walk(root);
  return tree;
}

function runCli(cwd: string, patch: string) {
  return spawnSync(process.execPath, [cli, "apply-patch", "--cwd", cwd], { input: patch, encoding: "utf8" });
}

const names = existsSync(scenarios)
  ? readdirSync(scenarios).filter((name) => statSync(path.join(scenarios, name)).isDirectory())
  : [];

// Skipped (with the reason on stderr and in the suite's name) on a clone without ../shared; failing when required.
const conformance = fixtures.present || fixtures.required ? describe : describe.skip;
const suiteName = fixtures.present
  ? "Codex apply_patch conformance (through `art apply-patch`)"
  : `Codex apply_patch conformance: ${fixtures.required ? "REQUIRED but" : "SKIPPED,"} ${fixtures.missing}`;

conformance(suiteName, () => {
  beforeAll(() => {
    if (!existsSync(path.join(repo, "dist/cli/commands/apply-patch.js"))) {
      throw new Error("dist/ is missing: run `npm run build` before this test (npm test does).");
    }
  });

  it("finds the scenarios", () => {
    if (!fixtures.present)
      throw new Error(`${fixtures.missing}; ${REQUIRE_SHARED_FIXTURES_ENV}=1 requires them.`);
    expect(names.length).toBeGreaterThanOrEqual(22);
    expect(names).toContain(ATOMIC_DIVERGENCE);
  });

  for (const name of names) {
    it(name, () => {
      const scenario = path.join(scenarios, name);
      const cwd = tempDir("art-conformance-");
      try {
        if (existsSync(path.join(scenario, "input")))
          cpSync(path.join(scenario, "input"), cwd, { recursive: true });
        const input = readTree(cwd);
        const expected = name === ATOMIC_DIVERGENCE ? input : readTree(path.join(scenario, "expected"));
        const result = runCli(cwd, readFileSync(path.join(scenario, "patch.txt"), "utf8"));
        expect(readTree(cwd)).toEqual(expected);
        const meantToFail = name === ATOMIC_DIVERGENCE || JSON.stringify(expected) === JSON.stringify(input);
        if (meantToFail) {
          expect(result.status).not.toBe(0);
          expect(result.stdout).toBe("");
          expect(result.stderr).toMatch(/^art apply-patch: .+\[patch\.[a-z_]+\]\n$/s);
        } else {
          expect(result.stderr).toBe("");
          expect(result.status).toBe(0);
          expect(result.stdout).toMatch(/^Success\. Updated the following files:\n([AMD] \S+\n)+$/);
        }
      } finally {
        removeDir(cwd);
      }
    });
  }

  it("prints exactly Codex's summary, grouped A, M, D", () => {
    const cwd = tempDir("art-conformance-");
    try {
      cpSync(path.join(scenarios, "002_multiple_operations/input"), cwd, { recursive: true });
      const result = runCli(
        cwd,
        readFileSync(path.join(scenarios, "002_multiple_operations/patch.txt"), "utf8"),
      );
      expect(result.stdout).toBe(
        "Success. Updated the following files:\nA nested/new.txt\nM modify.txt\nD delete.txt\n",
      );
    } finally {
      removeDir(cwd);
    }
  });
});

describe("art apply-patch command line", () => {
  it("prints its usage with --help and rejects unknown options with exit code 2", () => {
    const help = spawnSync(process.execPath, [cli, "apply-patch", "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: art apply-patch \[--cwd DIR\] < patch\n/);
    const wrong = spawnSync(process.execPath, [cli, "apply-patch", "--bogus"], {
      encoding: "utf8",
      input: "",
    });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^art apply-patch: .*--bogus.*\[usage\]\n$/);
  });

  it("applies a unified diff too, relative to the current directory without --cwd", () => {
    const cwd = tempDir("art-conformance-");
    try {
      writeFileSync(path.join(cwd, "f.txt"), "one\ntwo\n");
      const diff = "--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n";
      const result = spawnSync(process.execPath, [cli, "apply-patch"], {
        cwd,
        input: diff,
        encoding: "utf8",
      });
      expect(result.stdout).toBe("Success. Updated the following files:\nM f.txt\n");
      expect(readTree(cwd)).toEqual({ "f.txt": "one\n2\n" });
    } finally {
      removeDir(cwd);
    }
  });
});
