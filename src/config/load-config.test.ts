import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import { loadConfig } from "./load-config.js";

describe("loadConfig", () => {
  it("layers the project config over the user config", async () => {
    const home = tempDir();
    const repo = tempDir();
    mkdirSync(path.join(repo, ".git"));
    mkdirSync(path.join(repo, ".art"));
    mkdirSync(path.join(repo, "sub"));
    writeFileSync(path.join(home, "config.toml"), 'model = "openai:gpt-5"\nnetwork = "full"\n');
    writeFileSync(path.join(repo, ".art", "config.toml"), 'network = "none"\n');
    expect(await loadConfig(home, path.join(repo, "sub"))).toEqual({
      model: "openai:gpt-5",
      network: "none",
    });
  });

  it("adds denied reads from every layer and takes allowed ones from the user layer only", async () => {
    const home = tempDir();
    const repo = tempDir();
    mkdirSync(path.join(repo, ".git"));
    mkdirSync(path.join(repo, ".art"));
    writeFileSync(path.join(home, "config.toml"), 'deny_read = ["~/secrets"]\nallow_read = ["~/.npmrc"]\n');
    writeFileSync(
      path.join(repo, ".art", "config.toml"),
      'deny_read = ["/srv/keys"]\nallow_read = ["~/.ssh", "~/.aws"]\n',
    );
    expect(await loadConfig(home, repo)).toEqual({
      deny_read: ["~/secrets", "/srv/keys"],
      allow_read: ["~/.npmrc"],
    });
  });

  it("names the file and the unknown key", async () => {
    const home = tempDir();
    writeFileSync(path.join(home, "config.toml"), 'modle = "x"\n');
    await expect(loadConfig(home, tempDir())).rejects.toThrow(/config\.toml: unknown key "modle"/);
  });

  it("names bad values and bad TOML", async () => {
    const home = tempDir();
    writeFileSync(path.join(home, "config.toml"), 'sandbox = "yolo"\n');
    await expect(loadConfig(home, tempDir())).rejects.toMatchObject({ code: "config.invalid" });
    writeFileSync(path.join(home, "config.toml"), "model = \n");
    await expect(loadConfig(home, tempDir())).rejects.toThrow(/not valid TOML/);
  });
});
