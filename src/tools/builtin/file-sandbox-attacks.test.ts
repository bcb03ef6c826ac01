// A second adversarial pass over the file tools: variants of the attacks in file-sandbox.test.ts (escaped names
// that decode to `..`, `/` or `.git`, /proc paths, git pathspec magic in grep, patch moves and adds over links).
import { existsSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { git } from "../../../test/support/temp-workspace.js";
import { call, world } from "./file-tool-world.fixture.js";

describe("escaped names cannot smuggle .., / or .git past the checks", () => {
  it("read_file with \\x2F.. escapes never reaches outside the workspace", async () => {
    const w = world({ prefix: "art-attack-" });
    mkdirSync(path.join(w.workspace, "a"));
    for (const given of [
      "a\\x2F..\\x2F..\\x2Fhome\\x2F.ssh\\x2Fid_ed25519",
      "\\x2E\\x2E/home/.ssh/id_ed25519",
      "a/\\x2E\\x2E/\\x2E\\x2E/outside/file.txt",
    ]) {
      const result = await call(w, "read_file", { path: given });
      expect(result.ok, given).toBe(false);
      expect(result.output, given).not.toContain(w.secret);
    }
  });

  it("write_file with escapes that decode to .git or .. is refused", async () => {
    const w = world({ prefix: "art-attack-" });
    git(w.workspace, "init", "-q");
    mkdirSync(path.join(w.workspace, "a"));
    const config = readFileSync(path.join(w.workspace, ".git/config"), "utf8");
    for (const given of [
      "\\x2Egit/config",
      "\\x2Egit\\x2Fhooks\\x2Fpre-commit",
      "a\\x2F..\\x2F.git\\x2Fconfig",
      "a\\x2F..\\x2F..\\x2Foutside\\x2Fpwned.txt",
      "\\x2E\\x2E/outside/pwned.txt",
      "sub\\x2F.git",
    ]) {
      const result = await call(w, "write_file", {
        path: given,
        content: "[core]\n\tfsmonitor = touch PWNED\n",
      });
      expect(result.ok, given).toBe(false);
    }
    expect(readFileSync(path.join(w.workspace, ".git/config"), "utf8")).toBe(config);
    expect(existsSync(path.join(w.workspace, ".git/hooks/pre-commit"))).toBe(false);
    expect(existsSync(path.join(w.outside, "pwned.txt"))).toBe(false);
    expect(existsSync(path.join(w.workspace, "sub/.git"))).toBe(false);
  });

  it("apply_patch with escapes that decode to .git or .. is refused", async () => {
    const w = world({ prefix: "art-attack-" });
    git(w.workspace, "init", "-q");
    writeFileSync(path.join(w.workspace, "a.txt"), "x\n");
    for (const target of ["\\x2Egit/hooks/pre-commit", "\\x2E\\x2E/outside/p.txt"]) {
      const add = `*** Begin Patch\n*** Add File: ${target}\n+x\n*** End Patch`;
      expect((await call(w, "apply_patch", { patch: add })).ok, target).toBe(false);
      const move = `*** Begin Patch\n*** Update File: a.txt\n*** Move to: ${target}\n@@\n x\n+y\n*** End Patch`;
      expect((await call(w, "apply_patch", { patch: move })).ok, target).toBe(false);
    }
    expect(existsSync(path.join(w.workspace, ".git/hooks/pre-commit"))).toBe(false);
    expect(existsSync(path.join(w.outside, "p.txt"))).toBe(false);
    expect(readFileSync(path.join(w.workspace, "a.txt"), "utf8")).toBe("x\n");
  });
});

describe("links through /proc and /dev/fd", () => {
  it("symlinks through /proc/self/root, /proc/self/cwd and /dev/fd never yield a denied file", async () => {
    const w = world({ prefix: "art-attack-" });
    symlinkSync(`/proc/self/root${w.home}/.ssh/id_ed25519`, path.join(w.workspace, "root.txt"));
    symlinkSync(`/proc/self/root${w.home}/.ssh`, path.join(w.workspace, "rootdir"));
    symlinkSync("/dev/fd/0", path.join(w.workspace, "fd.txt"));
    symlinkSync("/proc/self/cwd", path.join(w.workspace, "cwd"));
    for (const given of ["root.txt", "rootdir/id_ed25519", "fd.txt", "cwd/package.json"]) {
      const result = await call(w, "read_file", { path: given });
      expect(result.ok, given).toBe(false);
      expect(result.output, given).not.toContain(w.secret);
    }
    expect((await call(w, "list_dir", { path: "rootdir" })).ok).toBe(false);
    expect((await call(w, "write_file", { path: "rootdir/x", content: "x" })).ok).toBe(false);
    expect(existsSync(path.join(w.home, ".ssh/x"))).toBe(false);
  });
});

describe("apply_patch adds and moves", () => {
  it("Add File over an existing symlink to outside, or to .git/config, is refused", async () => {
    const w = world({ prefix: "art-attack-" });
    git(w.workspace, "init", "-q");
    symlinkSync(path.join(w.outside, "file.txt"), path.join(w.workspace, "out.txt"));
    symlinkSync(".git/config", path.join(w.workspace, "cfg"));
    const config = readFileSync(path.join(w.workspace, ".git/config"), "utf8");
    for (const target of ["out.txt", "cfg"]) {
      const patch = `*** Begin Patch\n*** Add File: ${target}\n+[alias]\n*** End Patch`;
      expect((await call(w, "apply_patch", { patch })).ok, target).toBe(false);
    }
    expect(readFileSync(path.join(w.outside, "file.txt"), "utf8")).toBe(`${w.secret}\n`);
    expect(readFileSync(path.join(w.workspace, ".git/config"), "utf8")).toBe(config);
  });

  it("a move whose destination is protected is refused and the source is kept", async () => {
    const w = world({ prefix: "art-attack-" });
    git(w.workspace, "init", "-q");
    writeFileSync(path.join(w.workspace, "a.txt"), "x\n");
    for (const target of [".git/hooks/pre-commit", ".art/config.toml", ".gitmodules", "../outside/a.txt"]) {
      const move = `*** Begin Patch\n*** Update File: a.txt\n*** Move to: ${target}\n@@\n x\n+y\n*** End Patch`;
      expect((await call(w, "apply_patch", { patch: move })).ok, target).toBe(false);
      expect(existsSync(path.join(w.workspace, "a.txt")), target).toBe(true);
    }
  });

  it("a move whose source is a denied file is refused (it would be read)", async () => {
    const w = world({ prefix: "art-attack-" });
    symlinkSync(path.join(w.home, ".ssh/id_ed25519"), path.join(w.workspace, "key"));
    const move = `*** Begin Patch\n*** Update File: key\n*** Move to: key.txt\n@@\n-${w.secret}\n+x\n*** End Patch`;
    const result = await call(w, "apply_patch", { patch: move });
    expect(result.ok).toBe(false);
    expect(readFileSync(path.join(w.home, ".ssh/id_ed25519"), "utf8")).toBe(`${w.secret}\n`);
    expect(existsSync(path.join(w.workspace, "key.txt"))).toBe(false);
  });
});

describe("grep arguments are data, never git options or pathspec magic", () => {
  it("a pattern that looks like an option runs nothing", async () => {
    const w = world({ prefix: "art-attack-" });
    writeFileSync(path.join(w.workspace, "a.txt"), "hello\n");
    for (const pattern of ["--open-files-in-pager=touch PWNED", "-Osh", "--no-index"]) {
      await call(w, "grep", { pattern });
    }
    expect(existsSync(path.join(w.workspace, "PWNED"))).toBe(false);
  });

  it("in a workspace below a repository's top, a folder named :(top) or a glob with .. searches nothing outside", async () => {
    const w = world({ prefix: "art-attack-" });
    git(w.root, "init", "-q");
    writeFileSync(path.join(w.workspace, "a.txt"), "hello\n");
    mkdirSync(path.join(w.workspace, ":(top)"));
    mkdirSync(path.join(w.workspace, ":(top,glob)home"), { recursive: true });
    const attempts = [
      { pattern: "SECRET", path: ":(top)" },
      { pattern: "SECRET", path: ":(top,glob)home" },
      { pattern: "SECRET", glob: "../outside/*" },
      { pattern: "SECRET", glob: "../home/.ssh/*" },
      { pattern: "SECRET", path: ":(top)", glob: "*" },
    ];
    for (const args of attempts) {
      const result = await call(w, "grep", args);
      expect(result.output, JSON.stringify(args)).not.toContain(w.secret);
    }
  });

  it("outside a repository (--no-index), a glob with .. searches nothing outside", async () => {
    const w = world({ prefix: "art-attack-" });
    writeFileSync(path.join(w.workspace, "a.txt"), "hello\n");
    for (const glob of ["../outside/*", "../home/.ssh/*", "/**/id_ed25519"]) {
      const result = await call(w, "grep", { pattern: "SECRET", glob });
      expect(result.output, glob).not.toContain(w.secret);
    }
  });

  it("grep does not read a denied file through a hard link in the workspace", async () => {
    const w = world({ prefix: "art-attack-" });
    linkSync(path.join(w.home, ".ssh/id_ed25519"), path.join(w.workspace, "notes.txt"));
    const result = await call(w, "grep", { pattern: "SECRET" });
    expect(result.output).not.toContain(w.secret);
    const direct = await call(w, "grep", { pattern: "SECRET", path: "notes.txt" });
    expect(direct.output).not.toContain(w.secret);
  });
});
