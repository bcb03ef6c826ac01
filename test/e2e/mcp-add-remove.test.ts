import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const require = createRequire(import.meta.url);
const EVERYTHING = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");

describe("art mcp add|remove", () => {
  it("add writes a stdio server that art mcp test then starts; remove takes it out, the rest intact", async () => {
    const home = tempDir("art-home-");
    const config = path.join(home, "config.toml");
    const original = '# mine\nsandbox = "read-only" # keep\n';
    writeFileSync(config, original);
    const env = { ART_HOME: home };
    const added = await runArt(
      ["mcp", "add", "everything", "--env", "LOG_LEVEL=warn", "--", process.execPath, EVERYTHING, "stdio"],
      { env },
    );
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Added MCP server "everything"');
    expect(readFileSync(config, "utf8").startsWith(original)).toBe(true);

    const tested = await runArt(["mcp", "test", "everything", "--json", "-C", tempDir()], {
      env,
      timeoutMs: 60_000,
    });
    expect(tested.code).toBe(0);
    expect(JSON.parse(tested.stdout).tools).toContain("echo");

    const web = await runArt(
      [
        "mcp",
        "add",
        "web",
        "--url",
        "https://mcp.example.com/mcp",
        "--bearer-token-env-var",
        "WEB_TOKEN",
        "--header",
        "X-Team: core",
      ],
      { env },
    );
    expect(web.code).toBe(0);
    const got = await runArt(["mcp", "get", "web", "--json", "-C", tempDir()], { env });
    expect(JSON.parse(got.stdout)).toEqual({
      name: "web",
      url: "https://mcp.example.com/mcp",
      bearer_token_env_var: "WEB_TOKEN",
      http_headers: { "X-Team": "core" },
    });

    for (const name of ["everything", "web"]) {
      const removed = await runArt(["mcp", "remove", name], { env });
      expect(removed.code).toBe(0);
    }
    expect(readFileSync(config, "utf8")).toBe(original);
    const again = await runArt(["mcp", "remove", "web"], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/No MCP server "web" in .*config\.toml/);
  });

  it.each([
    [["mcp", "frobnicate"], /Unknown sub-command "mcp frobnicate"/],
    [["mcp", "add", "x"], /command after --/],
    [["mcp", "add", "x", "--url", "https://a.example/mcp", "--", "node"], /either --url or a command/],
    [["mcp", "add", "x", "--env", "NOEQUALS", "--", "node"], /--env takes KEY=VALUE; got "NOEQUALS"/],
    [
      ["mcp", "add", "x", "--header", "X: y", "--", "node"],
      /--header and --bearer-token-env-var go with --url/,
    ],
    [["mcp", "list", "--url", "https://a.example/mcp"], /go with "art mcp add"/],
    [["mcp", "remove"], /Use art mcp remove NAME/],
  ])("%j exits 2 with a clear message", async (args, message) => {
    const result = await runArt(args, { env: { ART_HOME: tempDir("art-home-") } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("a bad name or a taken one exits 1 naming the problem, the file unchanged", async () => {
    const home = tempDir("art-home-");
    const env = { ART_HOME: home };
    expect((await runArt(["mcp", "add", "a.b", "--", "node"], { env })).stderr).toMatch(/not a server name/);
    expect((await runArt(["mcp", "add", "dup", "--", "node"], { env })).code).toBe(0);
    const before = readFileSync(path.join(home, "config.toml"), "utf8");
    const taken = await runArt(["mcp", "add", "dup", "--", "node"], { env });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/"dup" is configured already.*art mcp remove dup.*\[mcp\.config_edit\]/);
    expect(readFileSync(path.join(home, "config.toml"), "utf8")).toBe(before);
  });
});
