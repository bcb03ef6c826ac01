import { describe, expect, it } from "vitest";
import { protectedPathReason } from "./protected-paths.js";
import { buildSandboxPolicy } from "./sandbox-policy.js";

const scope = { roots: ["/w/project"], home: "/h" };

describe("protectedPathReason: the one protected list", () => {
  it.each([
    "/w/project/.git",
    "/w/project/.git/config",
    "/w/project/.git/hooks/pre-commit",
    "/w/project/.git/commondir",
    "/w/project/.git/info/attributes",
    "/w/project/vendor/lib/.git/config",
    "/elsewhere/.git/hooks/x",
    "/w/project/.gitmodules",
    "/w/project/.art",
    "/w/project/.art/config.toml",
    "/w/project/.bashrc",
    "/w/project/.profile",
    "/w/project/.claude/settings.json",
    "/w/project/.codex/config.toml",
    "/w/project/.husky/pre-commit",
    "/h/.bashrc",
    "/h/.zshenv",
    "/h/.gitconfig",
    "/h/.config/git/config",
  ])("protects %s", (file) => {
    expect(protectedPathReason(file, scope)).toEqual(expect.any(String));
  });

  it.each([
    "/w/project/src/index.ts",
    "/w/project/.gitignore",
    "/w/project/.github/workflows/ci.yml",
    "/w/project/docs/.bashrc.md",
    "/w/project/sub/.bashrc",
    "/w/project/.artifacts/x",
    "/h/notes.txt",
  ])("leaves %s alone", (file) => {
    expect(protectedPathReason(file, scope)).toBeUndefined();
  });

  it("covers every path the sandbox mounts read-only", () => {
    const policy = buildSandboxPolicy({
      mode: "workspace-write",
      network: "none",
      workspace: "/w/project",
      writableRoots: ["/data/cache"],
      artHome: "/h/.art",
      tmpDir: "/tmp/art-1",
      home: "/h",
    });
    for (const file of policy.protectedPaths)
      expect(protectedPathReason(file, { roots: policy.writableRoots, home: "/h" }), file).toEqual(
        expect.any(String),
      );
  });
});
