import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startArt } from "../support/art-process.js";
import { jsonLines, runArt } from "../support/run-art.js";
import { git, tempDir } from "../support/temp-workspace.js";

/** A script whose one command leaves a mark (the effect we count), then takes `sleep` seconds. */
function script(dir: string, sleep = 0): string {
  const file = path.join(dir, "script.json");
  const command = `echo "$PWD" >> effects.log${sleep ? `; sleep ${sleep}` : ""}; echo made > out.txt`;
  writeFileSync(
    file,
    JSON.stringify({
      responses: [{ toolCalls: [{ name: "shell", arguments: { command } }] }, { text: "Done." }],
    }),
  );
  return file;
}

/** Every mark the tasks' commands left, over all their workspaces. */
function effects(dir: string): string[] {
  const work = path.join(dir, "work");
  if (!existsSync(work)) return [];
  return readdirSync(work).flatMap((id) => {
    const file = path.join(work, id, "effects.log");
    return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean) : [];
  });
}

function writeTasks(dir: string, count: number): string {
  const lines: string[] = [];
  for (let index = 1; index <= count; index++) {
    const id = `t${String(index).padStart(3, "0")}`;
    mkdirSync(path.join(dir, "work", id), { recursive: true });
    lines.push(JSON.stringify({ id, task: `task ${index}`, cwd: `work/${id}` }));
  }
  const file = path.join(dir, "tasks.jsonl");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

describe("art batch", () => {
  it("runs a 100-task file end to end, each task once in its own directory", async () => {
    const dir = tempDir();
    const file = writeTasks(dir, 100);
    const env = { ART_HOME: path.join(dir, "home") };
    const result = await runArt(["batch", file, "--json", "-j", "8", "--model", `scripted:${script(dir)}`], {
      env,
      cwd: dir,
      timeoutMs: 240_000,
    });
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    const tasks = lines.filter((line) => line.type === "batch.task");
    expect(tasks).toHaveLength(100);
    const summary = lines.at(-1)!;
    expect(summary).toMatchObject({
      type: "batch.result",
      status: "completed",
      total: 100,
      completed: 100,
      notRun: 0,
    });
    expect((summary.tasks as { id: string }[]).map((task) => task.id)).toEqual(
      Array.from({ length: 100 }, (_, index) => `t${String(index + 1).padStart(3, "0")}`),
    );
    for (const task of tasks) {
      expect(task).toMatchObject({
        status: "completed",
        finalMessage: "Done.",
        filesChanged: ["effects.log", "out.txt"],
      });
      expect(task.tokens).toBeGreaterThan(0);
    }
    // Every task ran its command exactly once, in its own directory.
    const marks = effects(dir).sort();
    expect(marks).toEqual(
      Array.from({ length: 100 }, (_, index) =>
        path.join(dir, "work", `t${String(index + 1).padStart(3, "0")}`),
      ),
    );
    // A finished run is not resumed; the same file again starts a new run.
    const again = await runArt(["batch", file, "--resume"], { env, cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("batch.not_found");
  }, 300_000);

  it("runs repo tasks in worktrees of their own and leaves the user's checkout as it was", async () => {
    const dir = tempDir();
    const repo = path.join(dir, "repo");
    mkdirSync(repo);
    git(repo, "init", "-q", "-b", "main");
    writeFileSync(path.join(repo, "README.md"), "hello\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "first");
    git(repo, "checkout", "-q", "-b", "feature");
    writeFileSync(path.join(repo, "wip.txt"), "uncommitted\n");
    const before = {
      status: git(repo, "status", "--porcelain"),
      branches: git(repo, "branch", "--list"),
      head: git(repo, "rev-parse", "HEAD"),
    };
    // A hook a cloned repository could carry: it must not run when the batch adds a worktree.
    writeFileSync(
      path.join(repo, ".git", "hooks", "post-checkout"),
      `#!/bin/sh\ntouch "${path.join(dir, "hook-ran")}"\n`,
      { mode: 0o755 },
    );
    const file = path.join(dir, "tasks.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify({ id: "r1", task: "edit", repo: "repo", ref: "main" })}\n${JSON.stringify({ id: "r2", task: "edit", repo: "repo" })}\n`,
    );
    const env = { ART_HOME: path.join(dir, "home") };
    const result = await runArt(["batch", file, "--json", "--model", `scripted:${script(dir)}`], {
      env,
      cwd: dir,
    });
    expect(result.code).toBe(0);
    const tasks = jsonLines(result.stdout).filter((line) => line.type === "batch.task");
    const dirs = tasks.map((task) => task.dir as string).sort();
    expect(dirs).toHaveLength(2);
    for (const taskDir of dirs) {
      expect(taskDir.startsWith(path.join(dir, "home", "batches"))).toBe(true);
      expect(readFileSync(path.join(taskDir, "out.txt"), "utf8")).toBe("made\n");
      expect(readFileSync(path.join(taskDir, "README.md"), "utf8")).toBe("hello\n");
    }
    expect(existsSync(path.join(dir, "hook-ran"))).toBe(false);
    expect({
      status: git(repo, "status", "--porcelain"),
      branches: git(repo, "branch", "--list"),
      head: git(repo, "rev-parse", "HEAD"),
    }).toEqual(before);
    expect(existsSync(path.join(repo, "out.txt"))).toBe(false);
  }, 120_000);

  for (const how of ["SIGINT", "SIGKILL"] as const) {
    it(`goes on after ${how === "SIGINT" ? "Ctrl-C" : "kill -9"} with --resume, repeating no command`, async () => {
      const dir = tempDir();
      const file = writeTasks(dir, 6);
      const env = { ART_HOME: path.join(dir, "home") };
      const model = `scripted:${script(dir, 2)}`;
      const first = startArt(["batch", file, "-j", "2", "--model", model], {
        env,
        cwd: dir,
      });
      // Two tasks are inside their command (the mark is written, the sleep runs): stop the batch there.
      await first.waitFor(() => effects(dir).length >= 2, 60_000);
      process.kill(-first.child.pid!, how);
      const code = await first.exited;
      if (how === "SIGINT") {
        expect(code).toBe(130);
        expect(first.stderr()).toContain("--resume");
      }
      const done = effects(dir).length;
      expect(done).toBeLessThan(6);
      // Starting the same file again does not silently start over.
      const fresh = await runArt(["batch", file, "--model", model], { env, cwd: dir });
      expect(fresh.code).toBe(1);
      expect(fresh.stderr).toContain("batch.unfinished");
      const resumed = await runArt(["batch", file, "--resume", "--json"], {
        env,
        cwd: dir,
        timeoutMs: 120_000,
      });
      expect(resumed.stderr).not.toContain("internal error");
      const summary = jsonLines(resumed.stdout).at(-1)!;
      expect(summary).toMatchObject({ type: "batch.result", status: "completed", total: 6, completed: 6 });
      // Each task's command ran exactly once over both processes: the interrupted ones were not run again.
      const marks = effects(dir).sort();
      expect(marks).toEqual(
        Array.from({ length: 6 }, (_, index) => path.join(dir, "work", `t00${index + 1}`)),
      );
      expect(resumed.code).toBe(0);
    }, 240_000);
  }

  it("refuses bad input before any task runs, naming what is wrong", async () => {
    const dir = tempDir();
    const env = { ART_HOME: path.join(dir, "home") };
    const model = `scripted:${script(dir)}`;
    const bad = path.join(dir, "bad.jsonl");
    writeFileSync(bad, '{"task": "one", "cwd": "."}\n{"task": "two", "cwd": ".", "modle": "x"}\n');
    const invalid = await runArt(["batch", bad, "--model", model], { env, cwd: dir });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("bad.jsonl:2");
    expect(invalid.stderr).toContain("modle");
    expect(invalid.stderr).not.toMatch(/\n\s+at /);

    const missing = path.join(dir, "missing-dir.jsonl");
    writeFileSync(missing, '{"task": "one", "cwd": "nowhere"}\n');
    const noDir = await runArt(["batch", missing, "--model", model], { env, cwd: dir });
    expect(noDir.stderr).toContain("batch.no_directory");
    // Nothing was left to resume by the run that could not start.
    const nothing = await runArt(["batch", missing, "--resume"], { env, cwd: dir });
    expect(nothing.stderr).toContain("batch.not_found");

    const ok = path.join(dir, "ok.jsonl");
    writeFileSync(ok, '{"task": "one", "cwd": "."}\n');
    const typo = await runArt(["batch", ok, "--model", "opnai:gpt-5"], { env, cwd: dir });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("model.spec_invalid");
    const batches = path.join(dir, "home", "batches");
    expect(existsSync(batches) ? readdirSync(batches) : []).toEqual([]);

    const flags = await runArt(["batch", ok, "--resume", "--model", model], { env, cwd: dir });
    expect(flags.code).toBe(2);
    const usage = await runArt(["batch"], { env, cwd: dir });
    expect(usage.code).toBe(2);
  }, 120_000);

  it("will not resume a run whose file changed", async () => {
    const dir = tempDir();
    const file = writeTasks(dir, 2);
    const env = { ART_HOME: path.join(dir, "home") };
    const first = startArt(["batch", file, "-j", "1", "--model", `scripted:${script(dir, 3)}`], {
      env,
      cwd: dir,
    });
    await first.waitFor(() => effects(dir).length >= 1, 60_000);
    process.kill(-first.child.pid!, "SIGINT");
    expect(await first.exited).toBe(130);
    writeFileSync(file, `${readFileSync(file, "utf8")}{"task": "three", "cwd": "."}\n`);
    const resumed = await runArt(["batch", file, "--resume"], { env, cwd: dir });
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain("batch.file_changed");
  }, 120_000);
});
