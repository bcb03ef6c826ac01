import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Checkpointer, CheckpointNotFoundError, DEFAULT_EXCLUDES, workspaceId } from "./index.js";
import {
  type Fixture,
  makeFixture,
  treeDigest,
  userGit,
  workspaceState,
} from "./testing/workspace-fixture.js";

let fixture: Fixture;
beforeEach(() => {
  fixture = makeFixture();
});
afterEach(() => {
  fixture.cleanup();
});

const open = (extra: Partial<Parameters<typeof Checkpointer.open>[0]> = {}) =>
  Checkpointer.open({ workspace: fixture.workspace, artHome: fixture.artHome, ...extra });

/** Runs git on the shadow repository of `checkpointer` (for assertions about what was stored). */
function shadowGit(checkpointer: Checkpointer, ...args: string[]): string {
  return execFileSync("git", args, {
    env: {
      PATH: process.env.PATH,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_DIR: path.join(checkpointer.directory, "repo"),
    },
    encoding: "utf8",
  });
}

/** `mode type id\tpath` lines of a checkpoint's tree, keyed by path. */
function treeEntries(checkpointer: Checkpointer, id: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of shadowGit(checkpointer, "ls-tree", "-r", id).split("\n")) {
    const [meta, file] = line.split("\t");
    if (meta && file) entries.set(file, meta.split(" ")[0]!);
  }
  return entries;
}

describe("Checkpointer", () => {
  it("restores what shell commands did: edits, deletes, creates and chmod, and the restore can be undone", async () => {
    fixture.write("src/main.ts", "export const answer = 41;\n");
    fixture.write("src/old.ts", "old\n");
    fixture.write("run.sh", "#!/bin/sh\necho hi\n");
    fixture.write("README.md", "# readme\n");
    const checkpointer = await open();
    const before = await checkpointer.snapshot({ sessionId: "s1", turn: 1, phase: "turn-start" });
    const original = workspaceState(fixture.workspace);

    // What a turn's shell commands might do.
    fixture.write("src/main.ts", "export const answer = 42;\n");
    unlinkSync(path.join(fixture.workspace, "src/old.ts"));
    fixture.write("src/new/deep/file.ts", "new\n");
    chmodSync(path.join(fixture.workspace, "run.sh"), 0o755);
    chmodSync(path.join(fixture.workspace, "README.md"), 0o755);
    const after = await checkpointer.snapshot({ sessionId: "s1", turn: 1, phase: "turn-end" });
    expect(after.changedFiles).toBe(5);
    const changed = workspaceState(fixture.workspace);

    const result = await checkpointer.restore(before.checkpointId, { sessionId: "s1" });
    expect(workspaceState(fixture.workspace)).toEqual(original);
    expect(existsSync(path.join(fixture.workspace, "src/new"))).toBe(false);
    expect(result.files.map((file) => [file.path, file.status])).toEqual([
      ["README.md", "modified"],
      ["run.sh", "modified"],
      ["src/main.ts", "modified"],
      ["src/new/deep/file.ts", "deleted"],
      ["src/old.ts", "added"],
    ]);
    expect(result.kept).toEqual([]);
    expect(result.beforeRestore.tree).toBe(after.tree);
    expect(result.beforeRestore.ref).toBe("refs/art/sessions/s1/1-before-restore");

    // Undo the restore.
    await checkpointer.restore(result.beforeRestore.checkpointId, { sessionId: "s1" });
    expect(workspaceState(fixture.workspace)).toEqual(changed);
    // Nothing changed since the last restore: the next snapshot costs no hashing and has the same tree.
    const again = await checkpointer.snapshot({ sessionId: "s1", turn: 2, phase: "turn-start" });
    expect(again.changedFiles).toBe(0);
    expect(again.tree).toBe(after.tree);
  });

  it("lists checkpoints per session with machine-readable records, and never moves an existing ref", async () => {
    fixture.write("a.txt", "a");
    const checkpointer = await open();
    const first = await checkpointer.snapshot({
      sessionId: "s1",
      turn: 0,
      phase: "turn-start",
      label: "go\nnow",
    });
    const second = await checkpointer.snapshot({ sessionId: "s1", turn: 0, phase: "turn-start" });
    const other = await checkpointer.snapshot({ sessionId: "s2", turn: 3, phase: "turn-end" });
    expect(second.ref).toBe("refs/art/sessions/s1/0-turn-start.2");
    const listed = await checkpointer.list("s1");
    expect(listed).toEqual([
      {
        checkpointId: first.checkpointId,
        sessionId: "s1",
        turn: 0,
        phase: "turn-start",
        label: "go\nnow",
        createdAt: first.createdAt,
        changedFiles: 1,
        skippedCount: 0,
        ref: "refs/art/sessions/s1/0-turn-start",
      },
      {
        checkpointId: second.checkpointId,
        sessionId: "s1",
        turn: 0,
        phase: "turn-start",
        createdAt: second.createdAt,
        changedFiles: 0,
        skippedCount: 0,
        ref: "refs/art/sessions/s1/0-turn-start.2",
      },
    ]);
    expect((await checkpointer.list()).map((entry) => entry.checkpointId)).toEqual([
      first.checkpointId,
      second.checkpointId,
      other.checkpointId,
    ]);
    const message = shadowGit(checkpointer, "cat-file", "commit", other.checkpointId);
    expect(message).toContain("Art-Session: s2\nArt-Turn: 3\nArt-Phase: turn-end\n");
    expect(message).not.toContain("parent ");
    await expect(checkpointer.snapshot({ sessionId: "../x", turn: 0, phase: "turn-end" })).rejects.toThrow(
      /cannot name checkpoints/,
    );
  });

  it("captures what .gitignore, info/exclude and the exclude list allow, and restore leaves the rest alone", async () => {
    userGit(fixture.workspace, "init", "-q");
    writeFileSync(path.join(fixture.workspace, ".git/info/exclude"), "secret.txt\n");
    fixture.write(".gitignore", "*.log\n");
    fixture.write("sub/.gitignore", "local/\n");
    fixture.write("kept.ts", "1");
    fixture.write("debug.log", "log 1");
    fixture.write("secret.txt", "s1");
    fixture.write("sub/local/x.ts", "x1");
    fixture.write("node_modules/pkg/index.js", "n1");
    fixture.write("pkg/dist/bundle.js", "d1");
    fixture.write("py/__pycache__/m.pyc", "p1");
    fixture.write(".venv/bin/python", "v1");
    const checkpointer = await open();
    const first = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" });
    expect([...treeEntries(checkpointer, first.checkpointId).keys()]).toEqual([
      ".gitignore",
      "kept.ts",
      "sub/.gitignore",
    ]);

    for (const file of [
      "kept.ts",
      "debug.log",
      "secret.txt",
      "sub/local/x.ts",
      "node_modules/pkg/index.js",
    ]) {
      fixture.write(file, "changed");
    }
    fixture.write("node_modules/new.js", "new");
    await checkpointer.restore(first.checkpointId, { sessionId: "s" });
    expect(fixture.read("kept.ts")).toBe("1");
    expect(fixture.read("debug.log")).toBe("changed");
    expect(fixture.read("secret.txt")).toBe("changed");
    expect(fixture.read("sub/local/x.ts")).toBe("changed");
    expect(fixture.read("node_modules/pkg/index.js")).toBe("changed");
    expect(fixture.read("node_modules/new.js")).toBe("new");

    // A custom list replaces the default one.
    const custom = await Checkpointer.open({
      workspace: fixture.workspace,
      artHome: path.join(fixture.root, "other-home"),
      excludes: [...DEFAULT_EXCLUDES.filter((pattern) => pattern !== "dist/"), "sub/"],
    });
    const second = await custom.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" });
    expect([...treeEntries(custom, second.checkpointId).keys()]).toEqual([
      ".gitignore",
      "kept.ts",
      "pkg/dist/bundle.js",
    ]);
  });

  it("skips and reports files over the size cap, and leaves them alone on restore", async () => {
    fixture.write("small.txt", "small");
    fixture.write("big.bin", Buffer.alloc(2048, 1));
    const checkpointer = await open({ maxFileBytes: 1024 });
    const first = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" });
    expect(first.skipped).toEqual([{ path: "big.bin", reason: "larger than 1024 bytes (2048)" }]);
    expect([...treeEntries(checkpointer, first.checkpointId).keys()]).toEqual(["small.txt"]);
    expect((await checkpointer.list("s"))[0]?.skippedCount).toBe(1);
    expect(shadowGit(checkpointer, "cat-file", "commit", first.checkpointId)).toContain(
      'Art-Skipped-Path: {"path":"big.bin","reason":"larger than 1024 bytes (2048)"}',
    );

    // A captured file that grows past the cap leaves the next checkpoint; restoring the old one brings it back
    // only where nothing uncaptured is in the way.
    fixture.write("grows.txt", "tiny");
    const second = await checkpointer.snapshot({ sessionId: "s", turn: 1, phase: "turn-start" });
    fixture.write("grows.txt", Buffer.alloc(4096, 2));
    const third = await checkpointer.snapshot({ sessionId: "s", turn: 1, phase: "turn-end" });
    expect(third.skipped.map((entry) => entry.path)).toEqual(["big.bin", "grows.txt"]);
    expect(treeEntries(checkpointer, third.checkpointId).has("grows.txt")).toBe(false);
    const restored = await checkpointer.restore(second.checkpointId, { sessionId: "s" });
    expect(restored.kept.map((entry) => entry.path)).toEqual(["grows.txt"]);
    expect(statSync(path.join(fixture.workspace, "grows.txt")).size).toBe(4096);
    expect(statSync(path.join(fixture.workspace, "big.bin")).size).toBe(2048);
  });

  it("captures a nested git repository by content without touching its .git", async () => {
    userGit(fixture.workspace, "init", "-q");
    fixture.write("top.txt", "top");
    const nested = path.join(fixture.workspace, "libs/nested");
    mkdirSync(nested, { recursive: true });
    userGit(nested, "init", "-q");
    fixture.write("libs/nested/lib.ts", "lib 1");
    fixture.write("libs/nested/.gitignore", "*.tmp\n");
    fixture.write("libs/nested/scratch.tmp", "scratch");
    userGit(nested, "add", ".");
    userGit(nested, "commit", "-qm", "nested");
    // A nested repository without any commit, and one nested in the nested one.
    const empty = path.join(fixture.workspace, "empty-repo");
    mkdirSync(empty);
    userGit(empty, "init", "-q");
    fixture.write("empty-repo/e.txt", "e");
    const deeper = path.join(nested, "deeper");
    mkdirSync(deeper);
    userGit(deeper, "init", "-q");
    fixture.write("libs/nested/deeper/d.txt", "d");
    // (git status refreshes the nested index, so it runs before the digests are taken.)
    const nestedStatus = userGit(nested, "status", "--porcelain");
    const nestedGit = treeDigest(path.join(nested, ".git"));
    const emptyGit = treeDigest(path.join(empty, ".git"));

    const checkpointer = await open();
    const first = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" });
    const entries = treeEntries(checkpointer, first.checkpointId);
    expect([...entries.keys()]).toEqual([
      "empty-repo/e.txt",
      "libs/nested/.gitignore",
      "libs/nested/deeper/d.txt",
      "libs/nested/lib.ts",
      "top.txt",
    ]);
    expect([...entries.values()].every((mode) => mode === "100644")).toBe(true);

    fixture.write("libs/nested/lib.ts", "lib 2");
    fixture.write("libs/nested/added.ts", "added");
    fixture.write("empty-repo/e.txt", "e2");
    const second = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-end" });
    expect(second.changedFiles).toBe(3);
    await checkpointer.restore(first.checkpointId, { sessionId: "s" });
    expect(fixture.read("libs/nested/lib.ts")).toBe("lib 1");
    expect(fixture.read("empty-repo/e.txt")).toBe("e");
    expect(existsSync(path.join(nested, "added.ts"))).toBe(false);
    expect(fixture.read("libs/nested/scratch.tmp")).toBe("scratch");
    expect(treeDigest(path.join(nested, ".git"))).toBe(nestedGit);
    expect(treeDigest(path.join(empty, ".git"))).toBe(emptyGit);
    expect(userGit(nested, "status", "--porcelain")).toBe(nestedStatus);
    expect(nestedStatus).toBe("?? deeper/\n");
  });

  it("works in a directory that is not a git repository", async () => {
    fixture.write("notes.txt", "v1");
    const checkpointer = await open();
    const first = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" });
    fixture.write("notes.txt", "v2");
    const diff = await checkpointer.diff(first.checkpointId);
    expect(diff.files).toEqual([
      { path: "notes.txt", status: "modified", oldMode: "100644", newMode: "100644" },
    ]);
    expect(diff.patch).toContain("-v1\n\\ No newline at end of file\n+v2");
    await checkpointer.restore(first.checkpointId, { sessionId: "s" });
    expect(fixture.read("notes.txt")).toBe("v1");
    expect(existsSync(path.join(fixture.workspace, ".git"))).toBe(false);
    expect(existsSync(path.join(checkpointer.directory, "repo", "HEAD"))).toBe(true);
    expect(checkpointer.directory).toBe(
      path.join(fixture.artHome, "checkpoints", workspaceId(fixture.workspace)),
    );
  });

  it("stores symlinks as links, never following them, even when they point outside", async () => {
    const outside = path.join(fixture.root, "outside");
    mkdirSync(outside);
    writeFileSync(path.join(outside, "secret.txt"), "outside secret");
    fixture.write("real/file.txt", "inside");
    symlinkSync("real/file.txt", path.join(fixture.workspace, "inner-link"));
    symlinkSync(path.join(outside, "secret.txt"), path.join(fixture.workspace, "outer-file-link"));
    symlinkSync(outside, path.join(fixture.workspace, "outer-dir-link"));
    symlinkSync("does/not/exist", path.join(fixture.workspace, "dangling"));
    const outsideBefore = treeDigest(outside);

    const checkpointer = await open();
    const first = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" });
    const entries = treeEntries(checkpointer, first.checkpointId);
    expect(Object.fromEntries(entries)).toEqual({
      dangling: "120000",
      "inner-link": "120000",
      "outer-dir-link": "120000",
      "outer-file-link": "120000",
      "real/file.txt": "100644",
    });
    expect(shadowGit(checkpointer, "cat-file", "-p", `${first.checkpointId}:outer-file-link`)).toBe(
      path.join(outside, "secret.txt"),
    );

    // The turn retargets a link, replaces a link with a file, and replaces a folder with a link to outside.
    unlinkSync(path.join(fixture.workspace, "inner-link"));
    symlinkSync("elsewhere", path.join(fixture.workspace, "inner-link"));
    unlinkSync(path.join(fixture.workspace, "dangling"));
    fixture.write("dangling", "now a file");
    rmSync(path.join(fixture.workspace, "real"), { recursive: true });
    symlinkSync(outside, path.join(fixture.workspace, "real"));
    const second = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-end" });
    expect(treeEntries(checkpointer, second.checkpointId).get("real")).toBe("120000");

    await checkpointer.restore(first.checkpointId, { sessionId: "s" });
    expect(readlinkSync(path.join(fixture.workspace, "inner-link"))).toBe("real/file.txt");
    expect(readlinkSync(path.join(fixture.workspace, "dangling"))).toBe("does/not/exist");
    expect(lstatSync(path.join(fixture.workspace, "real")).isDirectory()).toBe(true);
    expect(fixture.read("real/file.txt")).toBe("inside");
    expect(fixture.read("inner-link")).toBe("inside");
    expect(treeDigest(outside)).toBe(outsideBefore);
    expect(existsSync(path.join(outside, "file.txt"))).toBe(false);
  });

  it("round-trips binary files byte for byte, whatever .gitattributes says", async () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256));
    const crlf = Buffer.from("line one\r\nline two\nno eol\r\n");
    fixture.write(".gitattributes", "* text=auto eol=crlf\n*.dat filter=lfs diff=lfs merge=lfs\n");
    fixture.write("image.png", binary);
    fixture.write("mixed.txt", crlf);
    fixture.write("blob.dat", "not really lfs");
    const checkpointer = await open();
    const first = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" });
    fixture.write("image.png", Buffer.alloc(10, 0));
    fixture.write("mixed.txt", "changed");
    fixture.write("blob.dat", "changed");
    const diff = await checkpointer.diff(first.checkpointId);
    expect(diff.patch).toContain("Binary files a/image.png and b/image.png differ");
    await checkpointer.restore(first.checkpointId, { sessionId: "s" });
    expect(readFileSync(path.join(fixture.workspace, "image.png")).equals(binary)).toBe(true);
    expect(readFileSync(path.join(fixture.workspace, "mixed.txt")).equals(crlf)).toBe(true);
    expect(fixture.read("blob.dat")).toBe("not really lfs");
  });

  it("restores after the user's own commit and checkout, leaving the user's .git byte-identical", async () => {
    userGit(fixture.workspace, "init", "-q", "-b", "main");
    fixture.write("app.ts", "v1\n");
    fixture.write("lib.ts", "lib\n");
    userGit(fixture.workspace, "add", ".");
    userGit(fixture.workspace, "commit", "-qm", "one");
    userGit(fixture.workspace, "branch", "feature");
    fixture.write("app.ts", "v1 + work in progress\n");
    const userGitDir = path.join(fixture.workspace, ".git");

    const digestBefore = treeDigest(userGitDir);
    const checkpointer = await open();
    const start = await checkpointer.snapshot({ sessionId: "s", turn: 1, phase: "turn-start" });
    fixture.write("app.ts", "agent edit\n");
    await checkpointer.snapshot({ sessionId: "s", turn: 1, phase: "turn-end" });
    await checkpointer.diff(start.checkpointId);
    await checkpointer.list();
    expect(treeDigest(userGitDir)).toBe(digestBefore);

    // The user commits and switches branches; then rewinds to the start of the agent's turn.
    userGit(fixture.workspace, "commit", "-qam", "two");
    userGit(fixture.workspace, "checkout", "-q", "feature");
    fixture.write("feature-only.ts", "f\n");
    const digestAfterUser = treeDigest(userGitDir);
    const result = await checkpointer.restore(start.checkpointId, { sessionId: "s" });
    expect(fixture.read("app.ts")).toBe("v1 + work in progress\n");
    expect(existsSync(path.join(fixture.workspace, "feature-only.ts"))).toBe(false);
    expect(result.files.map((file) => file.path)).toEqual(["app.ts", "feature-only.ts"]);
    expect(treeDigest(userGitDir)).toBe(digestAfterUser);
    expect(userGit(fixture.workspace, "status", "--porcelain")).toBe(" M app.ts\n");
  });

  it("diffs two checkpoints with per-file status and a unified diff", async () => {
    fixture.write("a.txt", "a\n");
    fixture.write("gone.txt", "bye\n");
    const checkpointer = await open();
    const first = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" });
    fixture.write("a.txt", "a2\n");
    unlinkSync(path.join(fixture.workspace, "gone.txt"));
    symlinkSync("a.txt", path.join(fixture.workspace, "link"));
    const second = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-end" });
    const diff = await checkpointer.diff(first.checkpointId, second.checkpointId);
    expect(diff.files).toEqual([
      { path: "a.txt", status: "modified", oldMode: "100644", newMode: "100644" },
      { path: "gone.txt", status: "deleted", oldMode: "100644", newMode: null },
      { path: "link", status: "added", oldMode: null, newMode: "120000" },
    ]);
    expect(diff.patch).toContain("--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-a\n+a2\n");
    expect(diff.truncated).toBe(false);
    const cut = await checkpointer.diff(first.checkpointId, second.checkpointId, { maxPatchBytes: 20 });
    expect(cut.truncated).toBe(true);
    expect(cut.patch).toMatch(/\[diff truncated at 20 bytes\]\n$/);
    // Diffing against the working tree is not a snapshot: the next snapshot still sees the change.
    fixture.write("a.txt", "a3\n");
    expect((await checkpointer.diff(second.checkpointId)).files.map((file) => file.path)).toEqual(["a.txt"]);
    expect((await checkpointer.snapshot({ sessionId: "s", turn: 1, phase: "turn-start" })).changedFiles).toBe(
      1,
    );
    await expect(checkpointer.diff("deadbeef")).rejects.toBeInstanceOf(CheckpointNotFoundError);
    await expect(checkpointer.diff("--output=/tmp/x")).rejects.toBeInstanceOf(CheckpointNotFoundError);
  });

  it("prunes sessions older than the retention and shrinks the store", async () => {
    fixture.write("a.txt", "a");
    const checkpointer = await open();
    await checkpointer.snapshot({ sessionId: "old", turn: 0, phase: "turn-start" });
    fixture.write(
      "big-old.bin",
      Buffer.from(Array.from({ length: 300_000 }, () => Math.floor(Math.random() * 256))),
    );
    await checkpointer.snapshot({ sessionId: "old", turn: 0, phase: "turn-end" });
    renameSync(path.join(fixture.workspace, "big-old.bin"), path.join(fixture.root, "moved.bin"));
    const recent = await checkpointer.snapshot({ sessionId: "new", turn: 0, phase: "turn-start" });
    const sizeBefore = await checkpointer.sizeBytes();
    expect(sizeBefore).toBeGreaterThan(300_000);

    // Nothing is old enough yet.
    expect((await checkpointer.prune()).sessionsRemoved).toEqual([]);
    // Ten days later, with a five-day retention, both sessions expire; keep "new" by snapshotting it "now".
    const later = new Date(Date.now() + 10 * 24 * 3600 * 1000);
    const result = await checkpointer.prune({ olderThanDays: 5, now: later });
    expect(result.sessionsRemoved.sort()).toEqual(["new", "old"]);
    expect(result.checkpointsRemoved).toBe(3);
    expect(await checkpointer.list()).toEqual([]);
    expect(result.bytesAfter).toBeLessThan(300_000);
    expect(await checkpointer.sizeBytes()).toBeLessThan(300_000);
    // The shadow index still works after gc: snapshots continue, and unchanged files are not re-hashed.
    const next = await checkpointer.snapshot({ sessionId: "new", turn: 1, phase: "turn-start" });
    expect(next.changedFiles).toBe(0);
    expect(next.tree).toBe(recent.tree);
    expect(shadowGit(checkpointer, "fsck", "--no-progress", "--no-dangling")).toBe("");
    expect(await checkpointer.maintain()).toBeNull();
  });

  it("keeps the executable bit on capture and restores a deleted executable with it", async () => {
    fixture.write("tool.sh", "#!/bin/sh\n");
    chmodSync(path.join(fixture.workspace, "tool.sh"), 0o755);
    const checkpointer = await open();
    const first = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" });
    expect(treeEntries(checkpointer, first.checkpointId).get("tool.sh")).toBe("100755");
    unlinkSync(path.join(fixture.workspace, "tool.sh"));
    await checkpointer.restore(first.checkpointId, { sessionId: "s" });
    expect(statSync(path.join(fixture.workspace, "tool.sh")).mode & 0o111).not.toBe(0);
  });

  it("stops capturing files once a .gitignore or the exclude list starts ignoring them", async () => {
    fixture.write("gen/out.txt", "generated 1");
    fixture.write("src/app.ts", "app");
    const checkpointer = await open();
    const first = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" });
    expect(treeEntries(checkpointer, first.checkpointId).has("gen/out.txt")).toBe(true);

    fixture.write(".gitignore", "gen/\n");
    fixture.write("gen/out.txt", "generated 2");
    const second = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-end" });
    expect([...treeEntries(checkpointer, second.checkpointId).keys()]).toEqual([".gitignore", "src/app.ts"]);
    // Restoring the older checkpoint leaves the now-ignored file alone.
    const restored = await checkpointer.restore(first.checkpointId, { sessionId: "s" });
    expect(restored.kept).toEqual([
      {
        path: "gen/out.txt",
        reason: "a file the checkpoints do not capture (ignored or oversized) is in the way",
      },
    ]);
    expect(fixture.read("gen/out.txt")).toBe("generated 2");
    expect(existsSync(path.join(fixture.workspace, ".gitignore"))).toBe(false);

    // The same when the caller's exclude list grows between runs.
    const narrower = await open({ excludes: [...DEFAULT_EXCLUDES, "src/"] });
    const third = await narrower.snapshot({ sessionId: "s", turn: 1, phase: "turn-start" });
    expect(treeEntries(narrower, third.checkpointId).has("src/app.ts")).toBe(false);
    // Restoring a checkpoint from before the rule writes the file back, but it stays out of later checkpoints.
    unlinkSync(path.join(fixture.workspace, "src/app.ts"));
    await narrower.restore(first.checkpointId, { sessionId: "s" });
    expect(fixture.read("src/app.ts")).toBe("app");
    const fourth = await narrower.snapshot({ sessionId: "s", turn: 2, phase: "turn-start" });
    expect(treeEntries(narrower, fourth.checkpointId).has("src/app.ts")).toBe(false);
  });

  it("restores type changes: file to folder, folder to file, file to symlink", async () => {
    fixture.write("a", "file a");
    fixture.write("b/inner.txt", "inner");
    fixture.write("c", "file c");
    const checkpointer = await open();
    const first = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" });
    const original = workspaceState(fixture.workspace);
    unlinkSync(path.join(fixture.workspace, "a"));
    fixture.write("a/now-a-folder.txt", "x");
    rmSync(path.join(fixture.workspace, "b"), { recursive: true });
    fixture.write("b", "now a file");
    unlinkSync(path.join(fixture.workspace, "c"));
    symlinkSync("a", path.join(fixture.workspace, "c"));
    const second = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-end" });
    expect(Object.fromEntries(treeEntries(checkpointer, second.checkpointId))).toEqual({
      "a/now-a-folder.txt": "100644",
      b: "100644",
      c: "120000",
    });
    await checkpointer.restore(first.checkpointId, { sessionId: "s" });
    expect(workspaceState(fixture.workspace)).toEqual(original);
    await checkpointer.restore(second.checkpointId, { sessionId: "s" });
    expect(readlinkSync(path.join(fixture.workspace, "c"))).toBe("a");
    expect(fixture.read("a/now-a-folder.txt")).toBe("x");
  });

  it("never captures its own store when ART_HOME lies inside the workspace", async () => {
    fixture.write("a.txt", "a");
    const checkpointer = await Checkpointer.open({
      workspace: fixture.workspace,
      artHome: path.join(fixture.workspace, ".art-home"),
    });
    const first = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" });
    const second = await checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-end" });
    expect([...treeEntries(checkpointer, second.checkpointId).keys()]).toEqual(["a.txt"]);
    expect(second.tree).toBe(first.tree);
    expect(second.changedFiles).toBe(0);
  });
});

describe("the workspace lock", () => {
  it("gives up on a live holder with the checkpoint's own retryable error", async () => {
    const checkpointer = await open({ lockTimeoutMs: 100 });
    const holder = {
      pid: process.ppid,
      host: hostname(),
      processStart: null,
      acquiredAt: Date.now(),
      token: "other",
    };
    writeFileSync(path.join(checkpointer.directory, "lock"), JSON.stringify(holder));
    await expect(
      checkpointer.snapshot({ sessionId: "s", turn: 0, phase: "turn-start" }),
    ).rejects.toMatchObject({
      code: "checkpoint.locked",
      isRetryable: true,
    });
  });
});
