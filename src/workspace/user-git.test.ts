import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { git, tempDir } from "../../test/support/temp-workspace.js";
import { runUserGit, UserGitError, userGitText } from "./index.js";

function hostileRepo(): { repo: string; marker: string } {
  const repo = tempDir("art-repo-");
  git(repo, "init", "--quiet", "-b", "main");
  writeFileSync(path.join(repo, "a.txt"), "a\n");
  git(repo, "add", "-A");
  git(repo, "commit", "--quiet", "-m", "start");
  const marker = path.join(tempDir("art-marker-"), "ran.log");
  const script = path.join(repo, ".git", "fsmonitor.sh");
  writeFileSync(script, `#!/bin/sh\necho "fsmonitor $*" >> '${marker}'\nexit 1\n`);
  chmodSync(script, 0o755);
  git(repo, "config", "core.fsmonitor", script);
  git(repo, "config", "core.pager", `sh -c 'echo pager >> ${marker}'`);
  return { repo, marker };
}

describe("runUserGit", () => {
  it("does not run the repository's fsmonitor (which plain git does) and ignores inherited GIT_* variables", async () => {
    const { repo, marker } = hostileRepo();
    // The control: plain git runs the configured command, so the marker would show a failure of ours.
    execFileSync("git", ["status", "--porcelain"], {
      cwd: repo,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" },
    });
    expect(readFileSync(marker, "utf8")).toContain("fsmonitor");
    rmSync(marker);

    const elsewhere = tempDir("art-other-");
    git(elsewhere, "init", "--quiet");
    process.env.GIT_DIR = path.join(elsewhere, ".git");
    process.env.GIT_WORK_TREE = elsewhere;
    try {
      writeFileSync(path.join(repo, "b.txt"), "b\n");
      const status = await runUserGit(repo, ["status", "--porcelain"]);
      expect(status.code).toBe(0);
      expect(status.stdout.toString()).toBe("?? b.txt\n");
      expect(await userGitText(repo, ["log", "--oneline"])).toContain("start");
    } finally {
      delete process.env.GIT_DIR;
      delete process.env.GIT_WORK_TREE;
    }
    expect(existsSync(marker)).toBe(false);
  });

  it("reports a failure as a result, or as a UserGitError naming the sub-command", async () => {
    const plain = tempDir("art-plain-");
    const result = await runUserGit(plain, ["rev-parse", "--show-toplevel"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/not a git repository/);
    await expect(userGitText(plain, ["--work-tree", plain, "log"])).rejects.toThrow(UserGitError);
    await expect(userGitText(plain, ["--work-tree", plain, "log"])).rejects.toThrow(/^git log failed: /);
  });
});
