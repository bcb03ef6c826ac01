import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildLauncherCommand,
  LAUNCHER_RELATIVE_PATH,
  launcherFixHint,
  locateLauncher,
  packageRoot,
  prebuiltRelativePath,
} from "./launcher-path.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("locateLauncher", () => {
  it("takes $ART_SANDBOX_LAUNCHER first, even when it is missing", () => {
    expect(locateLauncher({ ART_SANDBOX_LAUNCHER: "/nonexistent/art-sandbox" })).toEqual({
      path: "/nonexistent/art-sandbox",
      source: "env",
      exists: false,
    });
  });

  it("prefers a source build, then the prebuilt binary for this CPU", () => {
    const built = path.join(root, LAUNCHER_RELATIVE_PATH);
    const found = locateLauncher({}, "arm64");
    if (existsSync(built)) expect(found).toEqual({ path: built, source: "source", exists: true });
    else
      expect(found).toMatchObject({
        path: path.join(root, prebuiltRelativePath("linux-arm64")),
        source: "prebuilt",
      });
  });

  it("falls back to the source build's path on a CPU without a prebuilt binary", () => {
    const found = locateLauncher({}, "riscv64");
    expect(found.path).toBe(path.join(root, LAUNCHER_RELATIVE_PATH));
    expect(found.source).toBe("source");
  });
});

describe("launcherFixHint", () => {
  it("names a command that works where the package is installed, not an npm script of ours", () => {
    expect(path.resolve(packageRoot())).toBe(root);
    expect(buildLauncherCommand()).toBe(`node "${path.join(root, "scripts", "build-native.mjs")}"`);
    const hint = launcherFixHint("missing", {}, "x64");
    expect(hint).toContain("prebuilt linux-x64 launcher is missing");
    expect(hint).toContain(buildLauncherCommand());
    expect(hint).not.toContain("npm run");
    expect(launcherFixHint("missing", {}, "riscv64")).toBe(
      `No prebuilt launcher ships for linux-riscv64: install a Rust toolchain (Debian/Ubuntu: apt-get install cargo rustc) and run: ${buildLauncherCommand()}`,
    );
    expect(launcherFixHint("broken", { ART_SANDBOX_LAUNCHER: "/x" })).toContain("fix or unset it");
  });
});
