import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AbortedError } from "../core/index.js";
import { Checkpointer } from "./index.js";
import { type Fixture, makeFixture, workspaceState } from "./testing/workspace-fixture.js";

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), "testing", "snapshot-child.ts");

let fixture: Fixture;
beforeEach(() => {
  fixture = makeFixture();
});
afterEach(() => fixture.cleanup());

function startChild(sessionId: string, count: number): { process: ChildProcess; output: () => string } {
  const spawned = spawn(
    process.execPath,
    ["--import", "tsx", child, fixture.workspace, fixture.artHome, sessionId, String(count)],
    {
      detached: true, // its own process group, so SIGKILL reaches its git children too
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  spawned.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  spawned.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  return { process: spawned, output: () => output };
}

function exited(spawned: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (spawned.exitCode !== null || spawned.signalCode !== null) resolve(spawned.exitCode);
    else spawned.on("exit", (code) => resolve(code));
  });
}

function fsck(checkpointer: Checkpointer): string {
  return execFileSync("git", ["fsck", "--no-progress", "--no-dangling"], {
    env: {
      PATH: process.env.PATH,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_DIR: path.join(checkpointer.directory, "repo"),
    },
    encoding: "utf8",
  });
}

describe("Checkpointer under crashes and concurrency", () => {
  it.each([
    ["while fast-import writes the pack", "pack"],
    ["while update-index holds index.lock", "index"],
  ])(
    "stays usable after kill -9 %s",
    async (_, stage) => {
      for (let directory = 0; directory < 60; directory++) {
        mkdirSync(path.join(fixture.workspace, `d${directory}`));
        for (let file = 0; file < 100; file++) {
          writeFileSync(
            path.join(fixture.workspace, `d${directory}`, `f${file}.txt`),
            `${directory}/${file}\n`.repeat(200),
          );
        }
      }
      // Open once here so the child's time goes into the snapshot itself.
      const checkpointer = await Checkpointer.open({
        workspace: fixture.workspace,
        artHome: fixture.artHome,
      });
      const indexLock = path.join(checkpointer.directory, "repo", "index.lock");
      const packDirectory = path.join(checkpointer.directory, "repo", "objects", "pack");
      const lockFile = path.join(checkpointer.directory, "lock");
      const reached =
        stage === "index"
          ? () => existsSync(indexLock)
          : () =>
              existsSync(packDirectory) &&
              readdirSync(packDirectory).some((name) => name.startsWith("tmp_pack"));

      const victim = startChild("victim", 1);
      // Wait until the snapshot reaches the stage, then kill the whole process group (node and its git).
      const deadline = Date.now() + 20_000;
      while (!reached() && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
      expect(reached()).toBe(true);
      process.kill(-victim.process.pid!, "SIGKILL");
      await exited(victim.process);
      expect(victim.output()).not.toContain("checkpointId");
      expect(existsSync(lockFile)).toBe(true); // the dead process's lock is left behind

      const first = await checkpointer.snapshot({ sessionId: "after", turn: 0, phase: "turn-start" });
      expect(first.changedFiles).toBe(6000);
      const state = workspaceState(fixture.workspace);
      writeFileSync(path.join(fixture.workspace, "d1", "f1.txt"), "changed");
      writeFileSync(path.join(fixture.workspace, "new.txt"), "new");
      await checkpointer.snapshot({ sessionId: "after", turn: 0, phase: "turn-end" });
      await checkpointer.restore(first.checkpointId, { sessionId: "after" });
      expect(workspaceState(fixture.workspace)).toEqual(state);
      expect(existsSync(indexLock)).toBe(false);
      expect(fsck(checkpointer)).toBe("");
      expect((await checkpointer.list()).map((entry) => entry.sessionId)).toEqual([
        "after",
        "after",
        "after",
      ]);
    },
    60_000,
  );

  it("lets two processes and two in-process sessions snapshot one workspace at the same time", async () => {
    for (let file = 0; file < 200; file++) fixture.write(`src/f${file}.ts`, `export const v = ${file};\n`);
    const checkpointer = await Checkpointer.open({ workspace: fixture.workspace, artHome: fixture.artHome });
    const other = await Checkpointer.open({ workspace: fixture.workspace, artHome: fixture.artHome });
    const children = [startChild("p1", 5), startChild("p2", 5)];
    const local = await Promise.all(
      [0, 1, 2, 3, 4].flatMap((turn) => [
        checkpointer.snapshot({ sessionId: "l1", turn, phase: "turn-start" }),
        other.snapshot({ sessionId: "l2", turn, phase: "turn-start" }),
      ]),
    );
    const codes = await Promise.all(children.map((entry) => exited(entry.process)));
    expect(codes).toEqual([0, 0]);
    const trees = new Set([...local.map((result) => result.tree)]);
    for (const entry of children) {
      const lines = entry.output().trim().split("\n").slice(1);
      expect(lines).toHaveLength(5);
      for (const line of lines) trees.add((JSON.parse(line) as { tree: string }).tree);
    }
    expect(trees.size).toBe(1); // nobody changed the workspace, so every snapshot saw the same content
    const listed = await checkpointer.list();
    expect(listed).toHaveLength(20);
    expect(new Set(listed.map((entry) => entry.sessionId))).toEqual(new Set(["l1", "l2", "p1", "p2"]));
    expect(fsck(checkpointer)).toBe("");
    expect(existsSync(path.join(checkpointer.directory, "lock"))).toBe(false);
  }, 60_000);

  it("stays usable when a snapshot is aborted halfway", async () => {
    for (let file = 0; file < 3000; file++) fixture.write(`many/f${file}.txt`, `${file}\n`.repeat(100));
    const checkpointer = await Checkpointer.open({ workspace: fixture.workspace, artHome: fixture.artHome });
    const controller = new AbortController();
    const aborted = checkpointer.snapshot({
      sessionId: "s",
      turn: 0,
      phase: "turn-start",
      signal: controller.signal,
    });
    // Abort while fast-import is writing the pack.
    const packDirectory = path.join(checkpointer.directory, "repo", "objects", "pack");
    const importing = () =>
      existsSync(packDirectory) && readdirSync(packDirectory).some((name) => name.startsWith("tmp_pack"));
    const deadline = Date.now() + 20_000;
    while (!importing() && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await aborted.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(AbortedError.isAbort(error)).toBe(true);
    expect(await checkpointer.list()).toEqual([]);
    const result = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-end" });
    expect(result.skipped).toEqual([]);
    expect(fsck(checkpointer)).toBe("");
    fixture.write("many/f1.txt", "changed");
    await checkpointer.restore(result.checkpointId, { sessionId: "s" });
    expect(fixture.read("many/f1.txt")).toBe("1\n".repeat(100));
  });
});
