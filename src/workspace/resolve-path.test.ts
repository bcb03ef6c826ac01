import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import { resolveForWrite, resolveInWorkspace } from "./resolve-path.js";

describe("resolveInWorkspace", () => {
  const root = tempDir();

  it("resolves relative and absolute paths inside the root", () => {
    expect(resolveInWorkspace(root, "a/b.txt")).toEqual({
      absolute: path.join(root, "a/b.txt"),
      relative: "a/b.txt",
    });
    expect(resolveInWorkspace(root, path.join(root, "x")).relative).toBe("x");
    expect(resolveInWorkspace(root, ".").relative).toBe(".");
    expect(resolveInWorkspace(root, "a/../b").relative).toBe("b");
  });

  it.each([
    ["..", "parent"],
    ["../outside", "sibling"],
    ["a/../../x", "climbs out"],
    ["/etc/passwd", "absolute outside"],
    [`${root}-evil/x`, "prefix look-alike"],
  ])("rejects %s (%s)", (given) => {
    expect(() => resolveInWorkspace(root, given)).toThrow(
      expect.objectContaining({ code: "path.outside_workspace" }),
    );
  });

  it.each([[""], ["a\0b"]])("rejects malformed path %j", (given) => {
    expect(() => resolveInWorkspace(root, given)).toThrow(expect.objectContaining({ code: "input.invalid" }));
  });

  it("does not treat unicode look-alikes of .. as parent references", () => {
    // U+2024 ONE DOT LEADER twice is a normal file name, not "..".
    expect(resolveInWorkspace(root, "\u2024\u2024/x").relative).toBe("\u2024\u2024/x");
  });
});

describe("resolveForWrite", () => {
  const root = tempDir();
  const outside = tempDir();
  mkdirSync(path.join(root, "inside"));
  symlinkSync(outside, path.join(root, "escape"));
  symlinkSync(path.join(outside, "file"), path.join(root, "file-link"));
  symlinkSync(path.join(root, "inside"), path.join(root, "ok-link"));
  symlinkSync(path.join(root, "missing"), path.join(root, "dangling"));

  it("allows new files in new folders", () => {
    expect(resolveForWrite(root, "new/dir/file.txt").relative).toBe("new/dir/file.txt");
  });

  it("allows writing through a symlink that stays inside", () => {
    expect(resolveForWrite(root, "ok-link/file.txt").relative).toBe("ok-link/file.txt");
  });

  it("rejects a directory symlink leading outside", () => {
    expect(() => resolveForWrite(root, "escape/file.txt")).toThrow(
      expect.objectContaining({ code: "path.outside_workspace" }),
    );
    expect(() => resolveForWrite(root, "escape/deep/new/file.txt")).toThrow(/symlink/);
  });

  it("rejects a file symlink leading outside, and a dangling one", () => {
    expect(() => resolveForWrite(root, "file-link")).toThrow(/symlink/);
    expect(() => resolveForWrite(root, "dangling")).toThrow(/does not exist/);
  });
});
