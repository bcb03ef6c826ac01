import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runArt } from "../support/run-art.js";
import { git, tempDir } from "../support/temp-workspace.js";

/**
 * kill -9 at each point of an isolated child's bring-back, then `art resume`: the parent's files change exactly
 * once. `ART_TEST_KILL_AT` (an internal test hook, `src/subagents/test-crash-point.ts`) makes `art` SIGKILL itself
 * at the named point. The scripts hold exactly the responses needed, so nothing can run twice unnoticed.
 */
const A_BEFORE = "one\ntwo\nthree\n";
const A_AFTER = "one\ntwo\nthree\nfour by writer\n";
const B_AFTER = "written by writer\n";

function setup() {
  const home = tempDir("art-home-");
  const repo = tempDir("art-repo-");
  git(repo, "init", "--quiet", "-b", "main");
  writeFileSync(path.join(repo, "a.txt"), A_BEFORE);
  git(repo, "add", "-A");
  git(repo, "commit", "--quiet", "-m", "start");
  const scripts = tempDir("art-scripts-");
  const writer = path.join(scripts, "writer.json");
  writeFileSync(
    writer,
    JSON.stringify({
      responses: [
        {
          toolCalls: [
            {
              name: "apply_patch",
              arguments: {
                patch: "*** Begin Patch\n*** Update File: a.txt\n@@\n three\n+four by writer\n*** End Patch",
              },
            },
            { name: "write_file", arguments: { path: "b.txt", content: B_AFTER } },
          ],
        },
        { text: "writer done" },
      ],
    }),
  );
  const agents = path.join(repo, ".art", "agents");
  mkdirSync(agents, { recursive: true });
  writeFileSync(
    path.join(agents, "writer.md"),
    `---\nname: writer\ndescription: Writes\nmodel: scripted:${writer}\nisolation: worktree\n---\nWrite.\n`,
  );
  // The agent file is the user's: committed, so the only changes in the repository are the writer's.
  git(repo, "add", "-A");
  git(repo, "commit", "--quiet", "-m", "agents");
  const lead = path.join(scripts, "lead.json");
  writeFileSync(
    lead,
    JSON.stringify({
      responses: [
        { toolCalls: [{ name: "spawn_agent", arguments: { agent: "writer", prompt: "write" } }] },
        { text: "Finished." },
      ],
    }),
  );
  const env = { ART_HOME: home, HOME: tempDir("art-user-") };
  const exec = (killAt: string) =>
    runArt(["exec", "--json", "--model", `scripted:${lead}`, "--cwd", repo, "lead"], {
      env: { ...env, ART_TEST_KILL_AT: killAt },
      cwd: repo,
    });
  const art = (...args: string[]) => runArt(args, { env, cwd: repo });
  return { home, repo, head: git(repo, "rev-parse", "HEAD").trim(), exec, art };
}

async function crashed(killAt: string) {
  const world = setup();
  const first = await world.exec(killAt);
  expect(first.code, first.stderr).toBeNull();
  const parentId = jsonLines(first.stdout)[0]?.sessionId as string;
  expect(parentId).toMatch(/^ses_/);
  return { ...world, parentId };
}

function expectUserRepoClean(repo: string, head: string, home: string) {
  expect(git(repo, "rev-parse", "HEAD").trim()).toBe(head);
  expect(git(repo, "diff", "--cached", "--name-only")).toBe("");
  expect(git(repo, "branch", "--format=%(refname:short)").trim()).toBe("main");
  expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
  const worktrees = path.join(home, "worktrees");
  expect(existsSync(worktrees) ? readdirSync(worktrees) : []).toEqual([]);
}

describe("an isolated child's changes come back exactly once across kill -9", () => {
  it.each([
    ["the applying record is durable, before any file is written", "bring-back.recorded"],
    ["the files are written, before the journal says so", "bring-back.committed"],
    ["the journal says so, before the record is removed", "bring-back.journaled"],
    ["the record is removed, before the worktree is", "bring-back.cleared"],
  ])(
    "killed when %s: resume changes the files once",
    async (_when, killAt) => {
      const { repo, head, home, art, parentId } = await crashed(killAt);
      const resumed = await art("resume", parentId, "--json");
      expect(resumed.stderr).toBe("");
      expect(resumed.code).toBe(0);
      expect(readFileSync(path.join(repo, "a.txt"), "utf8")).toBe(A_AFTER);
      expect(readFileSync(path.join(repo, "b.txt"), "utf8")).toBe(B_AFTER);
      const events = jsonLines(resumed.stdout);
      const result = events.find((event) => event.type === "tool.result");
      expect(result).toMatchObject({ name: "spawn_agent", ok: true });
      expect(result?.output).toContain("writer done");
      expect(result?.output).toContain("applied to the workspace: modified a.txt, added b.txt");
      expect(events.find((event) => event.type === "message.completed")).toMatchObject({ text: "Finished." });
      // The parent's journal counts the bring-back's effect once, over both processes.
      const all = jsonLines((await art("show", parentId, "--json")).stdout);
      const applied = all.filter((event) => event.type === "patch.applied");
      expect(applied).toHaveLength(1);
      expect(applied[0]?.files).toMatchObject([
        { path: "a.txt", kind: "modified" },
        { path: "b.txt", kind: "added" },
      ]);
      expect(git(repo, "status", "--porcelain").split("\n").filter(Boolean).sort()).toEqual([
        " M a.txt",
        "?? b.txt",
      ]);
      expectUserRepoClean(repo, head, home);
    },
    120_000,
  );

  it("killed midway across files (one written, one not): resume writes only the one left", async () => {
    const { repo, head, home, art, parentId } = await crashed("bring-back.committed");
    // What a crash between the two renames leaves: b.txt in place, a.txt still as it was.
    writeFileSync(path.join(repo, "a.txt"), A_BEFORE);
    const resumed = await art("resume", parentId, "--json");
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readFileSync(path.join(repo, "a.txt"), "utf8")).toBe(A_AFTER);
    expect(readFileSync(path.join(repo, "b.txt"), "utf8")).toBe(B_AFTER);
    const all = jsonLines((await art("show", parentId, "--json")).stdout);
    expect(all.filter((event) => event.type === "patch.applied")).toHaveLength(1);
    expectUserRepoClean(repo, head, home);
  }, 120_000);

  it("a file changed by someone else after the crash is a typed conflict naming it; nothing more is written", async () => {
    const { repo, head, home, art, parentId } = await crashed("bring-back.recorded");
    writeFileSync(path.join(repo, "a.txt"), "the user's own edit\n");
    const resumed = await art("resume", parentId, "--json");
    expect(resumed.code, resumed.stderr).toBe(0);
    const result = jsonLines(resumed.stdout).find((event) => event.type === "tool.result");
    expect(result).toMatchObject({
      name: "spawn_agent",
      ok: false,
      error: { code: "agent.bring_back_conflict" },
    });
    expect(result?.output).toContain("a.txt");
    expect(result?.output).toContain("+four by writer");
    expect(readFileSync(path.join(repo, "a.txt"), "utf8")).toBe("the user's own edit\n");
    expect(existsSync(path.join(repo, "b.txt"))).toBe(false);
    expectUserRepoClean(repo, head, home);
  }, 120_000);
});
