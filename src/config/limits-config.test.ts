import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import { providerLimitsOf } from "./limits-config.js";
import { loadConfig } from "./load-config.js";

describe("[limits]", () => {
  it("is taken from the user layer only: a repository cannot raise the caps", async () => {
    const home = tempDir();
    const repo = tempDir();
    mkdirSync(path.join(repo, ".git"));
    mkdirSync(path.join(repo, ".art"));
    writeFileSync(path.join(home, "config.toml"), "[limits]\nmax_commands = 4\n");
    writeFileSync(
      path.join(repo, ".art", "config.toml"),
      "[limits]\nmax_commands = 1000\n[limits.providers.openai]\nmax_concurrent = 1000\n",
    );
    expect(await loadConfig(home, repo)).toEqual({ limits: { max_commands: 4 } });
  });

  it("maps provider limits to the library's options and refuses non-positive counts", async () => {
    const home = tempDir();
    writeFileSync(
      path.join(home, "config.toml"),
      "[limits.providers.anthropic]\nrequests_per_minute = 50\ntokens_per_minute = 40000\n",
    );
    const config = await loadConfig(home, tempDir());
    expect(providerLimitsOf(config.limits)).toEqual({
      providers: { anthropic: { requestsPerMinute: 50, tokensPerMinute: 40_000 } },
    });
    writeFileSync(path.join(home, "config.toml"), "[limits]\nmax_commands = 0\n");
    await expect(loadConfig(home, tempDir())).rejects.toThrow(/limits\.max_commands/);
  });
});
