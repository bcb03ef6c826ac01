import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../core/index.js";
import { BroadWorkspaceError } from "./broad-workspace-error.js";
import { buildSandboxPolicy, DENIED_HOME_PATHS, type SandboxSettings } from "./sandbox-policy.js";

const base: SandboxSettings = {
  mode: "workspace-write",
  network: "none",
  workspace: "/w/project",
  writableRoots: ["/data/cache/"],
  artHome: "/h/.art",
  tmpDir: "/tmp/art-tmp-1",
  home: "/h",
};

const protectedIn = (root: string) =>
  [
    ".git/hooks",
    ".git/config",
    ".gitmodules",
    ".art",
    ".bashrc",
    ".bash_profile",
    ".bash_login",
    ".bash_logout",
    ".profile",
    ".zshrc",
    ".zshenv",
    ".zprofile",
    ".zlogin",
    ".zlogout",
  ].map((name) => `${root}/${name}`);

const deniedDefaults = [...DENIED_HOME_PATHS.map((name) => `/h/${name}`), "/h/.art"];

describe("buildSandboxPolicy", () => {
  it("builds the default workspace-write policy", () => {
    expect(buildSandboxPolicy(base)).toEqual({
      version: 1,
      mode: "workspace-write",
      network: "none",
      workspace: "/w/project",
      writableRoots: ["/w/project", "/data/cache", "/tmp/art-tmp-1"],
      readableRoots: null,
      denyRead: deniedDefaults,
      protectedPaths: [...protectedIn("/w/project"), ...protectedIn("/data/cache")],
      tmpDir: "/tmp/art-tmp-1",
      pidsMax: 4096,
      requireNamespaces: false,
    });
  });

  it("lets read-only write only the temp dir and full-access nothing (it is not sandboxed)", () => {
    const readOnly = buildSandboxPolicy({ ...base, mode: "read-only" });
    expect(readOnly.writableRoots).toEqual(["/tmp/art-tmp-1"]);
    expect(readOnly.protectedPaths).toEqual([]);
    expect(buildSandboxPolicy({ ...base, mode: "full-access" }).writableRoots).toEqual([]);
  });

  it("never hides the workspace or a writable root behind a denied path", () => {
    const policy = buildSandboxPolicy({ ...base, workspace: "/h/.art/work", denyRead: ["/data"] });
    expect(policy.denyRead).toEqual(deniedDefaults.filter((denied) => denied !== "/h/.art"));
  });

  it("denies the usual credential stores by default", () => {
    const denied = buildSandboxPolicy(base).denyRead;
    for (const name of [
      ".ssh",
      ".aws",
      ".azure",
      ".config/gcloud",
      ".config/gh",
      ".git-credentials",
      ".netrc",
      ".npmrc",
      ".pypirc",
      ".docker",
      ".kube",
      ".gnupg",
      ".password-store",
      ".local/share/keyrings",
      ".mozilla",
      ".config/google-chrome",
      ".config/chromium",
      ".art",
    ])
      expect(denied).toContain(`/h/${name}`);
  });

  it("adds denied paths, and gives back only defaults the user allows (never $ART_HOME)", () => {
    const policy = buildSandboxPolicy({
      ...base,
      denyRead: ["/srv/secrets"],
      allowRead: ["/h/.npmrc", "/h/.config", "/h/.art"],
    });
    expect(policy.denyRead).toEqual([
      ...deniedDefaults.filter((denied) => denied !== "/h/.npmrc" && !denied.startsWith("/h/.config/")),
      "/srv/secrets",
    ]);
    expect(policy.denyRead).toContain("/h/.art");
  });

  it("protects the home's rc files and git config when home lies inside a writable root", () => {
    const policy = buildSandboxPolicy({
      ...base,
      writableRoots: ["/"],
      home: "/h",
      allowBroadWorkspace: true,
      xdgConfigHome: "/h/xdg",
    });
    for (const guarded of ["/h/.bashrc", "/h/.gitconfig", "/h/.config/git", "/h/xdg/git", "/.git/hooks"])
      expect(policy.protectedPaths).toContain(guarded);
    const home = buildSandboxPolicy({
      ...base,
      workspace: "/h",
      writableRoots: [],
      allowBroadWorkspace: true,
    });
    expect(home.protectedPaths).toContain("/h/.gitconfig");
    expect(home.protectedPaths).toContain("/h/.profile");
  });

  it("refuses workspace-write on $HOME, / or a directory holding $HOME unless allowed", () => {
    for (const settings of [
      { ...base, workspace: "/h" },
      { ...base, workspace: "/h/" },
      { ...base, workspace: "/" },
      { ...base, writableRoots: ["/"] },
      { ...base, home: "/w/project/user" },
    ]) {
      const error = (() => {
        try {
          buildSandboxPolicy(settings);
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error, JSON.stringify(settings)).toBeInstanceOf(BroadWorkspaceError);
      expect((error as BroadWorkspaceError).code).toBe("sandbox.broad_workspace");
      expect((error as Error).message).toMatch(/ART_SANDBOX_FORCE_BROAD_WORKSPACE=1/);
      expect(buildSandboxPolicy({ ...settings, allowBroadWorkspace: true }).mode).toBe("workspace-write");
    }
    // read-only and full-access do not make home writable through the sandbox's roots.
    expect(buildSandboxPolicy({ ...base, workspace: "/h", mode: "read-only" }).writableRoots).toEqual([
      "/tmp/art-tmp-1",
    ]);
    // A project inside home is fine.
    expect(buildSandboxPolicy({ ...base, workspace: "/h/project" }).workspace).toBe("/h/project");
  });

  it("rejects relative paths and bad limits", () => {
    expect(() => buildSandboxPolicy({ ...base, workspace: "project" })).toThrow(InvalidInputError);
    expect(() => buildSandboxPolicy({ ...base, writableRoots: ["cache"] })).toThrow(/absolute/);
    expect(() => buildSandboxPolicy({ ...base, pidsMax: -1 })).toThrow(/pidsMax/);
    expect(() => buildSandboxPolicy({ ...base, mode: "yolo" as "read-only" })).toThrow();
  });
});
