import { afterEach, describe, expect, it } from "vitest";
import { detectSandboxCapabilities, resetSandboxCapabilities } from "./capabilities.js";
import { sandboxDoctorReport } from "./doctor-report.js";

afterEach(() => {
  delete process.env.ART_SANDBOX_LAUNCHER;
  delete process.env.ART_SANDBOX_NO_USERNS;
  resetSandboxCapabilities();
});

describe("sandboxDoctorReport", () => {
  it("reports a missing launcher and refuses the sandboxed modes", () => {
    process.env.ART_SANDBOX_LAUNCHER = "/nonexistent/art-sandbox";
    resetSandboxCapabilities();
    const report = sandboxDoctorReport();
    expect(report.layers.map((layer) => [layer.name, layer.available])).toEqual([
      ["launcher", false],
      ["no_new_privs", false],
      ["namespaces", false],
      ["landlock", false],
      ["seccomp", false],
      ["process-limit", false],
    ]);
    // The kernel was never asked, so the report must not blame it (a missing launcher is not a missing Landlock).
    for (const name of ["landlock", "seccomp", "namespaces"])
      expect(report.layers.find((layer) => layer.name === name)?.detail).toMatch(
        /^unknown: the launcher probes/,
      );
    expect(report.modes["workspace-write"]?.[0]).toBe(
      "refused: the sandbox launcher is missing at /nonexistent/art-sandbox. ART_SANDBOX_LAUNCHER points at /nonexistent/art-sandbox, which is not an executable file: fix or unset it.",
    );
    expect(report.modes["full-access"]).toEqual(["no sandbox: the command runs as the user"]);
  });

  it.skipIf(!detectSandboxCapabilities().launcher.available)("reports what the launcher found", () => {
    const capabilities = detectSandboxCapabilities();
    const report = sandboxDoctorReport();
    const landlock = report.layers.find((layer) => layer.name === "landlock");
    expect(landlock?.available).toBe(capabilities.landlockAbi > 0);
    expect(landlock?.detail).toContain(`ABI ${capabilities.landlockAbi}`);
    process.env.ART_SANDBOX_NO_USERNS = "1";
    const fallback = sandboxDoctorReport();
    expect(fallback.layers.find((layer) => layer.name === "namespaces")).toEqual({
      name: "namespaces",
      available: false,
      detail: "switched off by ART_SANDBOX_NO_USERNS",
    });
    expect(fallback.modes["workspace-write"]).toContain(
      "protected paths: not refused without namespaces; changes are undone after the command",
    );
  });
});
