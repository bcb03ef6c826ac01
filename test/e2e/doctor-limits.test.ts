import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

describe("art doctor reports the limits", () => {
  it("shows the configured command cap and provider limits, and where the cap came from", async () => {
    const home = tempDir("art-home-");
    writeFileSync(
      path.join(home, "config.toml"),
      "[limits]\nmax_commands = 6\n[limits.providers.openai]\nmax_concurrent = 8\nrequests_per_minute = 500\n",
    );
    const text = await runArt(["doctor"], { env: { ART_HOME: home }, cwd: home });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("commands at once  6 (limits.max_commands)");
    expect(text.stdout).toContain("max_concurrent = 8, requests_per_minute = 500");
    const json = await runArt(["doctor", "--json"], {
      env: { ART_HOME: home, ART_MAX_COMMANDS: "3" },
      cwd: home,
    });
    const report = JSON.parse(json.stdout);
    expect(report.limits.maxCommands).toEqual({ value: 3, source: "ART_MAX_COMMANDS" });
    expect(report.limits.providers.openai).toEqual({ max_concurrent: 8, requests_per_minute: 500 });
    expect(typeof report.limits.cgroups.detail).toBe("string");
  });

  it("refuses an unknown limits key or provider with the config error", async () => {
    const home = tempDir("art-home-");
    writeFileSync(path.join(home, "config.toml"), "[limits.providers.opnai]\nmax_concurrent = 2\n");
    const result = await runArt(["doctor"], { env: { ART_HOME: home }, cwd: home });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('unknown key "opnai"');
    expect(result.stderr).toContain("[config.invalid]");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
