// undo, checkpoints restore, diff, rewind and fork as a user meets them: scoped to the workspace they stand in,
// turns counted from 1, every destructive message naming the directory it changed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { beforeRestoreLabel, Checkpointer } from "../../src/checkpoint/index.js";
import { runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

// Each test runs several `art` processes; on a loaded machine they take longer than the default 30 s.
vi.setConfig({ testTimeout: 180_000 });

let home: string;
let env: NodeJS.ProcessEnv;

/** Runs one turn in `cwd` whose shell command is `command`; returns the session id. */
async function turn(cwd: string, command: string): Promise<string> {
  const script = path.join(home, `script-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    script,
    JSON.stringify({
      responses: [{ toolCalls: [{ name: "shell", arguments: { command } }] }, { text: "ok" }],
    }),
  );
  const result = await runArt(
    ["exec", "--json", "--sandbox", "full-access", "--model", `scripted:${script}`, "--cwd", cwd, "go"],
    { env },
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout.split("\n")[0]!).sessionId;
}

/** The checkpoint id an undo or restore message offers for going back. */
function offeredRestore(stderr: string): string {
  const match = stderr.match(/art checkpoints restore ([0-9a-f]{12})/);
  if (!match) throw new Error(`no restore command in: ${stderr}`);
  return match[1]!;
}

beforeEach(() => {
  home = tempDir("art-home-");
  env = { ART_HOME: home };
});

describe("art undo is scoped to the current workspace", () => {
  it("reverts the newest session of this directory, not a newer one elsewhere, and names the directory", async () => {
    const first = tempDir("art-ws-a-");
    const second = tempDir("art-ws-b-");
    const elsewhere = tempDir("art-ws-c-");
    const firstSession = await turn(first, "echo one > a.txt");
    await turn(second, "echo two > b.txt");

    const undo = await runArt(["undo"], { env, cwd: first });
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toBe(`${"deleted".padEnd(12)} a.txt\n`);
    expect(undo.stderr).toContain(`Reverted 1 file(s) in ${first}: turn 1 of ${firstSession} is undone.`);
    expect(existsSync(path.join(first, "a.txt"))).toBe(false);
    expect(readFileSync(path.join(second, "b.txt"), "utf8")).toBe("two\n");

    // A directory no session ran in: nothing to undo there, and nothing changes anywhere.
    const none = await runArt(["undo"], { env, cwd: elsewhere });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /No session in .* or a directory above it\..*--any-workspace.*\[session\.not_found\]/,
    );
    expect(readFileSync(path.join(second, "b.txt"), "utf8")).toBe("two\n");

    // The old meaning, asked for explicitly.
    const anywhere = await runArt(["undo", "--any-workspace"], { env, cwd: elsewhere });
    expect(anywhere.code, anywhere.stderr).toBe(0);
    expect(anywhere.stderr).toContain(`in ${second}:`);
    expect(existsSync(path.join(second, "b.txt"))).toBe(false);
  });

  it("finds the workspace's session from a subdirectory", async () => {
    const workspace = tempDir("art-ws-");
    mkdirSync(path.join(workspace, "src", "deep"), { recursive: true });
    const session = await turn(workspace, "echo one > a.txt");
    const list = await runArt(["checkpoints", "--last"], { env, cwd: path.join(workspace, "src", "deep") });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^turn {3}1 {2}turn-start/);
    const undo = await runArt(["undo"], { env, cwd: path.join(workspace, "src") });
    expect(undo.stderr).toContain(`in ${workspace}: turn 1 of ${session} is undone`);
  });
});

describe("undo twice, and art checkpoints restore", () => {
  it("a second undo says the turn is already undone; restore by id brings it back, itself undoable", async () => {
    const workspace = tempDir("art-ws-");
    writeFileSync(path.join(workspace, "keep.txt"), "v1\n");
    const session = await turn(workspace, "echo v2 > keep.txt && echo new > new.txt");

    const undo = await runArt(["undo"], { env, cwd: workspace });
    expect(undo.code).toBe(0);
    const redoId = offeredRestore(undo.stderr);
    expect(readFileSync(path.join(workspace, "keep.txt"), "utf8")).toBe("v1\n");

    // The user edits after the undo; a second undo must neither revert the turn again nor touch the edit.
    writeFileSync(path.join(workspace, "mine.txt"), "user's own\n");
    const again = await runArt(["undo"], { env, cwd: workspace });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("");
    expect(again.stderr).toBe(
      `In ${workspace}, turn 1 of ${session} is already undone; nothing was changed. To bring its changes back: art checkpoints restore ${redoId}\n`,
    );
    expect(readFileSync(path.join(workspace, "mine.txt"), "utf8")).toBe("user's own\n");

    const restore = await runArt(["checkpoints", "restore", redoId], { env, cwd: workspace });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stderr).toContain(
      `in ${workspace} to checkpoint ${redoId} (before-restore of turn 1 of ${session})`,
    );
    expect(readFileSync(path.join(workspace, "keep.txt"), "utf8")).toBe("v2\n");
    expect(readFileSync(path.join(workspace, "new.txt"), "utf8")).toBe("new\n");
    // The redo went back to the state before the undo, which did not have the user's later file.
    expect(existsSync(path.join(workspace, "mine.txt"))).toBe(false);

    // The restore is undoable the same way, back to the state with the user's file.
    const back = await runArt(["checkpoints", "restore", offeredRestore(restore.stderr)], {
      env,
      cwd: workspace,
    });
    expect(back.code, back.stderr).toBe(0);
    expect(readFileSync(path.join(workspace, "mine.txt"), "utf8")).toBe("user's own\n");
    expect(readFileSync(path.join(workspace, "keep.txt"), "utf8")).toBe("v1\n");

    // After the redo and its undo, the newest restore is no undo of the turn: undo reverts it once more.
    await runArt(["checkpoints", "restore", redoId], { env, cwd: workspace });
    const third = await runArt(["undo"], { env, cwd: workspace });
    expect(third.stderr).toContain("is undone");
    expect(readFileSync(path.join(workspace, "keep.txt"), "utf8")).toBe("v1\n");
  });

  it("an undo killed between its snapshot and its restore is done again, not reported as done", async () => {
    const workspace = tempDir("art-ws-");
    const session = await turn(workspace, "echo changed > a.txt");
    const checkpointer = await Checkpointer.open({ workspace, artHome: home });
    const start = (await checkpointer.list(session)).find((item) => item.phase === "turn-start")!;
    // What restore() has done when it dies right after its first step: the before-restore snapshot, nothing else.
    await checkpointer.snapshot({
      sessionId: session,
      turn: 0,
      phase: "before-restore",
      label: beforeRestoreLabel(start.checkpointId),
    });
    const undo = await runArt(["undo"], { env, cwd: workspace });
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stderr).toContain(`turn 1 of ${session} is undone`);
    expect(existsSync(path.join(workspace, "a.txt"))).toBe(false);
    const again = await runArt(["undo"], { env, cwd: workspace });
    expect(again.stderr).toContain("is already undone");
  });

  it("an unknown or foreign checkpoint id is refused with what to run, and nothing changes", async () => {
    const workspace = tempDir("art-ws-");
    const other = tempDir("art-ws-");
    await turn(workspace, "echo one > a.txt");
    await turn(other, "echo two > b.txt");
    const otherList = await runArt(["checkpoints", "--last"], { env, cwd: other });
    const otherStart = otherList.stdout.match(/turn-start +([0-9a-f]{12})/)![1]!;

    const unknown = await runArt(["checkpoints", "restore", "deadbeef"], { env, cwd: workspace });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /No checkpoint "deadbeef".*art checkpoints <session-id>.*\[checkpoint\.not_found\]/,
    );
    const short = await runArt(["checkpoints", "restore", "ab"], { env, cwd: workspace });
    expect(short.code).toBe(1);

    // Another workspace's checkpoint is not restored from here (it would rewrite that other directory).
    const foreign = await runArt(["checkpoints", "restore", otherStart], { env, cwd: workspace });
    expect(foreign.code).toBe(1);
    expect(readFileSync(path.join(other, "b.txt"), "utf8")).toBe("two\n");
    const explicit = await runArt(["checkpoints", "restore", otherStart, "--any-workspace"], {
      env,
      cwd: workspace,
    });
    expect(explicit.code, explicit.stderr).toBe(0);
    expect(explicit.stderr).toContain(`in ${other} to checkpoint ${otherStart}`);
    expect(existsSync(path.join(other, "b.txt"))).toBe(false);
    expect(readFileSync(path.join(workspace, "a.txt"), "utf8")).toBe("one\n");
  });
});

describe("turns are numbered from 1 on the command line", () => {
  it("in checkpoints, diff --turn, rewind --to-turn and fork --at-turn", async () => {
    const workspace = tempDir("art-ws-");
    const session = await turn(workspace, "echo one > a.txt");
    const list = await runArt(["checkpoints", session], { env });
    expect(
      list.stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => line.slice(0, 24)),
    ).toEqual(["turn   1  turn-start    ", "turn   1  turn-end      "]);
    const diff = await runArt(["diff", session, "--turn", "1", "--stat"], { env });
    expect(diff.stdout).toBe(`${"added".padEnd(12)} a.txt\n`);
    const zero = await runArt(["diff", session, "--turn", "0"], { env });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toBe(
      `art diff: --turn takes a turn number (1 for the first turn); got "0". Run "art diff --help" for usage. [usage]\n`,
    );
    const beyond = await runArt(["rewind", session, "--to-turn", "2"], { env });
    expect(beyond.stderr).toContain("has no checkpoint at the start of turn 2.");

    const tooFar = await runArt(["fork", session, "--at-turn", "3"], { env });
    expect(tooFar.code).toBe(2);
    expect(tooFar.stderr).toContain(`Session ${session} has 1 turn(s): --at-turn takes 1 to 2; got 3.`);
    const fork = await runArt(["fork", session, "--at-turn", "1"], { env });
    expect(fork.code, fork.stderr).toBe(0);
    expect(fork.stderr).toContain(`Forked ${session} before turn 1.`);
    const forked = await runArt(["sessions", "--json"], { env });
    const forkId = fork.stdout.trim();
    expect(
      forked.stdout.split("\n").some((line) => line.includes(forkId) && line.includes('"turns":0')),
    ).toBe(true);
  });

  it("a negative turn is one clear sentence, not a doubled period", async () => {
    for (const args of [
      ["fork", "ses_x", "--at-turn", "-1"],
      ["fork", "ses_x", "--at-turn=-1"],
    ]) {
      const result = await runArt(args, { env });
      expect(result.code).toBe(2);
      expect(result.stderr).not.toMatch(/\.\./);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
    const ambiguous = await runArt(["fork", "ses_x", "--at-turn", "-1"], { env });
    expect(ambiguous.stderr).toBe(
      `art fork: Option '--at-turn' argument is ambiguous: to give a value that starts with a dash, write --at-turn=-XYZ. Run "art fork --help" for usage.\n`,
    );
  });
});
