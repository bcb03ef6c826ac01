// Adversarial tests: file tools may never read or write what a sandboxed command of the same session could not.
// The links here are planted directly; test/e2e/file-tools-sandbox.test.ts plants them from inside the sandbox.
import { spawn } from "node:child_process";
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { git } from "../../../test/support/temp-workspace.js";
import { call, type World, world } from "./file-tool-world.fixture.js";

describe("read_file, list_dir and grep read only what the sandbox lets commands read", () => {
  it.each([
    [
      "a symlink to ~/.ssh/id_ed25519",
      (w: World) => symlinkSync(path.join(w.home, ".ssh/id_ed25519"), path.join(w.workspace, "notes.txt")),
    ],
    [
      "a symlink to $ART_HOME/art.db",
      (w: World) => symlinkSync(path.join(w.artHome, "art.db"), path.join(w.workspace, "notes.txt")),
    ],
    [
      "a symlinked parent directory",
      (w: World) => {
        symlinkSync(path.join(w.home, ".ssh"), path.join(w.workspace, "keys"));
        symlinkSync("keys/id_ed25519", path.join(w.workspace, "notes.txt"));
      },
    ],
    [
      "a chain of links",
      (w: World) => {
        symlinkSync(path.join(w.home, ".ssh/id_ed25519"), path.join(w.workspace, "one"));
        symlinkSync("one", path.join(w.workspace, "notes.txt"));
      },
    ],
    [
      "a hard link to an outside file",
      (w: World) => linkSync(path.join(w.outside, "file.txt"), path.join(w.workspace, "notes.txt")),
    ],
  ])("read_file refuses %s and never returns the secret", async (_name, plant) => {
    const w = world();
    plant(w);
    const result = await call(w, "read_file", { path: "notes.txt" });
    expect(result.ok).toBe(false);
    expect(result.code).toMatch(/^path\.(denied|outside_workspace)$/);
    expect(result.output).not.toContain(w.secret);
  });

  it("read_file through a symlinked parent: keys/id_ed25519 is refused", async () => {
    const w = world();
    symlinkSync(path.join(w.home, ".ssh"), path.join(w.workspace, "keys"));
    const result = await call(w, "read_file", { path: "keys/id_ed25519" });
    expect(result).toMatchObject({ ok: false, code: "path.outside_workspace" });
  });

  it("with the workspace at $HOME, denied folders inside it stay unreadable, unlistable and unsearchable", async () => {
    const w = world({ workspaceIsHome: true });
    expect(await call(w, "read_file", { path: ".ssh/id_ed25519" })).toMatchObject({
      ok: false,
      code: "path.denied",
    });
    expect(await call(w, "read_file", { path: ".art/art.db" })).toMatchObject({
      ok: false,
      code: "path.denied",
    });
    expect(await call(w, "list_dir", { path: ".ssh" })).toMatchObject({ ok: false, code: "path.denied" });
    const listing = await call(w, "list_dir", { path: ".", depth: 3 });
    expect(listing.output).toContain(".ssh/ (not readable in the sandbox)");
    expect(listing.output).not.toContain("id_ed25519");
    expect(listing.output).not.toContain("art.db");
    const found = await call(w, "grep", { pattern: "SECRET" });
    expect(found.output).toBe("No matches.");
    expect(await call(w, "grep", { pattern: "SECRET", path: ".ssh" })).toMatchObject({
      ok: false,
      code: "path.denied",
    });
  });

  it("grep and list_dir do not follow a symlinked folder out of the workspace", async () => {
    const w = world();
    symlinkSync(w.outside, path.join(w.workspace, "out"));
    symlinkSync(path.join(w.outside, "file.txt"), path.join(w.workspace, "link.txt"));
    expect((await call(w, "grep", { pattern: "SECRET" })).output).toBe("No matches.");
    expect(await call(w, "grep", { pattern: "SECRET", path: "out" })).toMatchObject({ ok: false });
    expect(await call(w, "list_dir", { path: "out" })).toMatchObject({
      ok: false,
      code: "path.outside_workspace",
    });
    expect((await call(w, "list_dir", { path: "." })).output).toBe("link.txt@\nout@");
  });

  it("a dangling link and .. are refused with typed errors", async () => {
    const w = world();
    symlinkSync(path.join(w.workspace, "missing"), path.join(w.workspace, "dangling"));
    expect(await call(w, "read_file", { path: "dangling" })).toMatchObject({
      ok: false,
      code: "input.invalid",
    });
    expect(await call(w, "read_file", { path: "../outside/file.txt" })).toMatchObject({
      ok: false,
      code: "path.outside_workspace",
    });
  });

  it("a link swapped in while read_file runs never yields the secret", async () => {
    const w = world();
    writeFileSync(path.join(w.workspace, "good.txt"), "harmless\n");
    symlinkSync(path.join(w.home, ".ssh/id_ed25519"), path.join(w.workspace, "bad"));
    const notes = path.join(w.workspace, "notes.txt");
    writeFileSync(notes, "harmless\n");
    // Swaps notes.txt between a plain file and the link to the key as fast as it can, atomically (rename).
    const swapper = spawn(
      "bash",
      ["-c", "while :; do cp -P bad t1; mv -fT t1 notes.txt; cp good.txt t2; mv -fT t2 notes.txt; done"],
      { cwd: w.workspace, stdio: "ignore" },
    );
    try {
      for (let attempt = 0; attempt < 300; attempt++) {
        const result = await call(w, "read_file", { path: "notes.txt" });
        expect(result.output).not.toContain(w.secret);
      }
    } finally {
      swapper.kill("SIGKILL");
    }
  });
});

describe("write_file and apply_patch write only what the sandbox lets commands write", () => {
  const protectedTargets = [
    ".git/config",
    ".git/hooks/pre-commit",
    ".git/info/attributes",
    ".git/commondir",
    ".art/config.toml",
    ".art/rules.toml",
    ".gitmodules",
    ".bashrc",
    ".profile",
    ".claude/settings.json",
    "sub/.git/config",
  ];

  it.each(protectedTargets)(
    "write_file refuses %s, and git still works for the user afterwards",
    async (target) => {
      const w = world();
      git(w.workspace, "init", "-q");
      const config = readFileSync(path.join(w.workspace, ".git/config"), "utf8");
      const result = await call(w, "write_file", {
        path: target,
        content: "[core]\n\tfsmonitor = touch PWNED\n",
      });
      expect(result).toMatchObject({ ok: false, code: "path.denied" });
      expect(existsSync(path.join(w.workspace, target)) && target !== ".git/config").toBe(false);
      expect(readFileSync(path.join(w.workspace, ".git/config"), "utf8")).toBe(config);
      git(w.workspace, "status");
      expect(existsSync(path.join(w.workspace, "PWNED"))).toBe(false);
    },
  );

  it.each(protectedTargets)("apply_patch refuses to add %s", async (target) => {
    const w = world();
    git(w.workspace, "init", "-q");
    const patch = `*** Begin Patch\n*** Add File: ${target}\n+x\n*** End Patch`;
    const result = await call(w, "apply_patch", { patch });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/Cannot write/);
    expect(existsSync(path.join(w.workspace, target)) && !target.startsWith(".git/")).toBe(false);
  });

  it("with the workspace at $HOME, rc files and ~/.gitconfig are refused", async () => {
    const w = world({ workspaceIsHome: true });
    for (const target of [
      ".bashrc",
      ".zshrc",
      ".gitconfig",
      ".config/git/config",
      ".ssh/authorized_keys",
      ".art/config.toml",
    ]) {
      const result = await call(w, "write_file", { path: target, content: "x" });
      expect(result, target).toMatchObject({ ok: false, code: "path.denied" });
    }
    expect(readFileSync(path.join(w.home, ".bashrc"), "utf8")).toBe("# rc\n");
  });

  it("a symlink inside the workspace to a protected file is refused, not written through", async () => {
    const w = world();
    git(w.workspace, "init", "-q");
    symlinkSync(".git/config", path.join(w.workspace, "notes.txt"));
    expect(await call(w, "write_file", { path: "notes.txt", content: "x" })).toMatchObject({
      ok: false,
      code: "path.denied",
    });
    const patch = "*** Begin Patch\n*** Update File: notes.txt\n@@\n+[alias]\n*** End Patch";
    expect((await call(w, "apply_patch", { patch })).ok).toBe(false);
  });

  it("a linked worktree's .git file names a git directory that stays unwritable", async () => {
    const w = world();
    mkdirSync(path.join(w.workspace, ".g"));
    writeFileSync(path.join(w.workspace, ".git"), "gitdir: ./.g\n");
    expect(await call(w, "write_file", { path: ".g/config", content: "x" })).toMatchObject({
      ok: false,
      code: "path.denied",
    });
    expect(await call(w, "write_file", { path: ".git", content: "gitdir: /tmp\n" })).toMatchObject({
      ok: false,
    });
  });

  it("writes through a symlinked directory or a dangling link never land outside", async () => {
    const w = world();
    symlinkSync(w.outside, path.join(w.workspace, "out"));
    symlinkSync(path.join(w.outside, "new.txt"), path.join(w.workspace, "dangling"));
    expect(await call(w, "write_file", { path: "out/pwned.txt", content: "x" })).toMatchObject({
      code: "path.outside_workspace",
    });
    expect(await call(w, "write_file", { path: "out/deep/pwned.txt", content: "x" })).toMatchObject({
      ok: false,
    });
    expect(await call(w, "write_file", { path: "dangling", content: "x" })).toMatchObject({ ok: false });
    const patch = "*** Begin Patch\n*** Add File: out/p.txt\n+x\n*** End Patch";
    expect((await call(w, "apply_patch", { patch })).ok).toBe(false);
    const move = "*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch";
    expect((await call(w, "apply_patch", { patch: move })).ok).toBe(true);
    const rename =
      "*** Begin Patch\n*** Update File: a.txt\n*** Move to: out/a.txt\n@@\n x\n+y\n*** End Patch";
    expect((await call(w, "apply_patch", { patch: rename })).ok).toBe(false);
    expect(existsSync(path.join(w.workspace, "a.txt"))).toBe(true);
    for (const name of ["pwned.txt", "deep", "new.txt", "p.txt", "a.txt"])
      expect(existsSync(path.join(w.outside, name)), name).toBe(false);
  });

  it("replacing a hard-linked file replaces the name, never the outside file's content", async () => {
    const w = world();
    linkSync(path.join(w.outside, "file.txt"), path.join(w.workspace, "notes.txt"));
    expect((await call(w, "write_file", { path: "notes.txt", content: "new\n" })).ok).toBe(true);
    expect(readFileSync(path.join(w.outside, "file.txt"), "utf8")).toBe(`${w.secret}\n`);
    expect(readFileSync(path.join(w.workspace, "notes.txt"), "utf8")).toBe("new\n");
  });

  it("--sandbox read-only stops write_file and apply_patch", async () => {
    const w = world();
    expect(await call(w, "write_file", { path: "a.txt", content: "x" }, "read-only")).toMatchObject({
      ok: false,
      code: "path.denied",
    });
    const patch = "*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch";
    expect((await call(w, "apply_patch", { patch }, "read-only")).ok).toBe(false);
    expect(existsSync(path.join(w.workspace, "a.txt"))).toBe(false);
    expect((await call(w, "read_file", { path: "." }, "read-only")).ok).toBe(false);
  });

  it("a folder swapped for a symlink while apply_patch runs never receives the write", async () => {
    const w = world();
    mkdirSync(path.join(w.workspace, "real"));
    symlinkSync(w.outside, path.join(w.workspace, "evil"));
    const swapper = spawn(
      "bash",
      [
        "-c",
        "while :; do mv -fT evil dir 2>/dev/null; mv -fT dir evil 2>/dev/null; mv -fT real dir 2>/dev/null; mv -fT dir real 2>/dev/null; done",
      ],
      { cwd: w.workspace, stdio: "ignore" },
    );
    try {
      for (let attempt = 0; attempt < 200; attempt++) {
        const patch = `*** Begin Patch\n*** Add File: dir/p${attempt}.txt\n+x\n*** End Patch`;
        await call(w, "apply_patch", { patch });
      }
    } finally {
      swapper.kill("SIGKILL");
    }
    expect(readdirSync(w.outside)).toEqual(["file.txt"]);
  });

  it("a folder swapped for a symlink while write_file runs never receives the write", async () => {
    const w = world();
    mkdirSync(path.join(w.workspace, "real"));
    symlinkSync(w.outside, path.join(w.workspace, "evil"));
    const swapper = spawn(
      "bash",
      [
        "-c",
        "while :; do mv -fT evil dir 2>/dev/null; mv -fT dir evil 2>/dev/null; mv -fT real dir 2>/dev/null; mv -fT dir real 2>/dev/null; done",
      ],
      { cwd: w.workspace, stdio: "ignore" },
    );
    try {
      for (let attempt = 0; attempt < 200; attempt++) {
        await call(w, "write_file", { path: `dir/f${attempt}.txt`, content: "x" });
      }
    } finally {
      swapper.kill("SIGKILL");
    }
    expect(readFileSync(path.join(w.outside, "file.txt"), "utf8")).toBe(`${w.secret}\n`);
    expect(readdirSync(w.outside)).toEqual(["file.txt"]);
  });
});
