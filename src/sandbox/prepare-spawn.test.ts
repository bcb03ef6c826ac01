import { afterEach, describe, expect, it } from "vitest";
import { detectSandboxCapabilities, resetSandboxCapabilities } from "./capabilities.js";
import { LauncherPolicy } from "./launcher-policy.js";
import { prepareSandboxedSpawn } from "./prepare-spawn.js";
import { prepareSupervisedSpawn } from "./prepare-supervised-spawn.js";
import { buildSandboxPolicy } from "./sandbox-policy.js";
import { SandboxUnavailableError } from "./sandbox-unavailable-error.js";

const settings = {
  mode: "workspace-write" as const,
  network: "none" as const,
  workspace: "/w",
  writableRoots: [],
  artHome: "/h/.art",
  tmpDir: "/tmp/s",
  home: "/h",
};

afterEach(() => {
  delete process.env.ART_SANDBOX_LAUNCHER;
  resetSandboxCapabilities();
});

describe("prepareSandboxedSpawn", () => {
  it("runs full-access commands supervised by the launcher, or unchanged when there is no launcher", () => {
    const env = { PATH: "/bin" };
    const fullAccess = buildSandboxPolicy({ ...settings, mode: "full-access" });
    const launcher = detectSandboxCapabilities().launcher;
    expect(prepareSandboxedSpawn(["ls", "-l"], fullAccess, { cwd: "/w", env })).toEqual(
      launcher.available
        ? { file: launcher.path, args: ["--supervise", "--", "ls", "-l"], env, killSignal: 40 }
        : { file: "ls", args: ["-l"], env },
    );
    process.env.ART_SANDBOX_LAUNCHER = "/nonexistent/art-sandbox";
    resetSandboxCapabilities();
    expect(prepareSandboxedSpawn(["ls", "-l"], fullAccess, { cwd: "/w", env })).toEqual({
      file: "ls",
      args: ["-l"],
      env,
    });
    expect(prepareSupervisedSpawn(["ls"], { env })).toEqual({ file: "ls", args: [], env, supervised: false });
  });

  it("fails closed, naming the launcher and the fix, when the launcher is missing", () => {
    process.env.ART_SANDBOX_LAUNCHER = "/nonexistent/art-sandbox";
    resetSandboxCapabilities();
    let thrown: unknown;
    try {
      prepareSandboxedSpawn(["ls"], buildSandboxPolicy(settings), { cwd: "/w", env: {} });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SandboxUnavailableError);
    const error = thrown as SandboxUnavailableError;
    expect(error.code).toBe("sandbox.unavailable");
    expect(error.layer).toBe("launcher");
    expect(error.message).toContain(
      "ART_SANDBOX_LAUNCHER points at /nonexistent/art-sandbox, which is not an executable file: fix or unset it.",
    );
  });

  it.skipIf(!detectSandboxCapabilities().launcher.available)(
    "wraps the command in the launcher with a policy the launcher schema accepts",
    () => {
      const policy = buildSandboxPolicy(settings);
      const prepared = prepareSandboxedSpawn(["ls", "-l"], policy, {
        cwd: "/w/sub",
        env: { PATH: "/bin", ART_SANDBOX_NO_USERNS: "1" },
      });
      expect(prepared.file).toBe(detectSandboxCapabilities().launcher.path);
      expect(prepared.args.slice(2)).toEqual(["--", "ls", "-l"]);
      expect(LauncherPolicy.parse(JSON.parse(prepared.args[1] ?? ""))).toEqual({
        version: 2,
        namespaces: false,
        network: "none",
        writable_roots: ["/w", "/tmp/s"],
        readable_roots: null,
        deny_read: policy.denyRead,
        protected: policy.protectedPaths,
        git_roots: ["/w"],
        pids_max: 4096,
        cwd: "/w/sub",
      });
      expect(prepared.env).toEqual({ PATH: "/bin", ART_SANDBOX_NO_USERNS: "1", TMPDIR: "/tmp/s" });
      expect(prepared.killSignal).toBe(40);
    },
  );

  it("refuses an empty command", () => {
    expect(() => prepareSandboxedSpawn([], buildSandboxPolicy(settings), { cwd: "/w", env: {} })).toThrow(
      /empty/,
    );
  });
});
