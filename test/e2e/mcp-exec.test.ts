import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const require = createRequire(import.meta.url);
const EVERYTHING = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");
const FILESYSTEM = require.resolve("@modelcontextprotocol/server-filesystem/dist/index.js");
const MISBEHAVING = path.resolve(import.meta.dirname, "../support/mcp/misbehaving-server.mjs");

function script(dir: string, responses: unknown[]): string {
  const file = path.join(dir, "script.json");
  writeFileSync(file, JSON.stringify({ responses }));
  return `scripted:${file}`;
}

describe("MCP servers in an art exec session", () => {
  it("calls tools of server-everything and server-filesystem through a scripted session", async () => {
    const home = tempDir();
    const dir = tempDir();
    writeFileSync(path.join(dir, "notes.txt"), "MCP reached the workspace\n");
    writeFileSync(
      path.join(home, "config.toml"),
      [
        "[mcp_servers.everything]",
        `command = ${JSON.stringify(process.execPath)}`,
        `args = [${JSON.stringify(EVERYTHING)}, "stdio"]`,
        "[mcp_servers.fs]",
        `command = ${JSON.stringify(process.execPath)}`,
        `args = [${JSON.stringify(FILESYSTEM)}, ${JSON.stringify(dir)}]`,
        'enabled_tools = ["read_text_file"]',
        "",
      ].join("\n"),
    );
    const model = script(dir, [
      {
        toolCalls: [
          { name: "mcp__everything__echo", arguments: { message: "ping" } },
          { name: "mcp__fs__read_text_file", arguments: { path: path.join(dir, "notes.txt") } },
        ],
      },
      { text: "Both servers answered." },
    ]);
    const result = await runArt(
      ["exec", "--json", "--approval", "on-failure", "--model", model, "--cwd", dir, "use the MCP tools"],
      { env: { ART_HOME: home }, timeoutMs: 60_000 },
    );
    expect(result.stderr).not.toMatch(/did not start/);
    expect(result.code).toBe(0);
    const results = jsonLines(result.stdout).filter((event) => event.type === "tool.result");
    expect(results.map((event) => event.ok)).toEqual([true, true]);
    const outputs = JSON.stringify(results);
    expect(outputs).toContain("Echo: ping");
    expect(outputs).toContain("MCP reached the workspace");
  });

  it("a rule forbidding mcp__everything__* refuses its tools and the audit log records the call", async () => {
    const home = tempDir();
    const dir = tempDir();
    writeFileSync(
      path.join(home, "config.toml"),
      `[mcp_servers.everything]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(EVERYTHING)}, "stdio"]\n`,
    );
    const rules = path.join(dir, "rules.toml");
    writeFileSync(rules, 'version = 1\n[[rule]]\ntool = "mcp__everything__*"\ndecision = "forbid"\n');
    const model = script(dir, [
      { toolCalls: [{ name: "mcp__everything__echo", arguments: { message: "ping" } }] },
      { text: "Refused, as it should be." },
    ]);
    const result = await runArt(["exec", "--json", "--rules", rules, "--model", model, "--cwd", dir, "go"], {
      env: { ART_HOME: home },
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(0);
    const [refused] = jsonLines(result.stdout).filter((event) => event.type === "tool.result");
    expect(refused).toMatchObject({ ok: false });
    expect(JSON.stringify(refused)).not.toContain("Echo: ping");
    const audit = await runArt(["audit", "show", "--json"], { env: { ART_HOME: home } });
    expect(audit.stdout).toContain("mcp__everything__echo");
  });

  it("a stdio server runs under the session's sandbox: it cannot write outside the workspace", async () => {
    const home = tempDir();
    const dir = tempDir();
    const outside = path.join(tempDir(), "escaped.txt");
    writeFileSync(
      path.join(home, "config.toml"),
      [
        "[mcp_servers.probe]",
        `command = ${JSON.stringify(process.execPath)}`,
        `args = [${JSON.stringify(MISBEHAVING)}]`,
        `env = { MODE = "probe", PROBE_FILE = ${JSON.stringify(outside)} }`,
        "",
      ].join("\n"),
    );
    const model = script(dir, [{ toolCalls: [{ name: "mcp__probe__boom", arguments: {} }] }, { text: "ok" }]);
    const result = await runArt(
      ["exec", "--json", "--approval", "on-failure", "--model", model, "--cwd", dir, "go"],
      {
        env: { ART_HOME: home },
        timeoutMs: 60_000,
      },
    );
    expect(result.code).toBe(0);
    const [probe] = jsonLines(result.stdout).filter((event) => event.type === "tool.result");
    expect(JSON.stringify(probe)).toMatch(/denied: E(ROFS|ACCES|PERM)/);
    expect(existsSync(outside)).toBe(false);
  });

  it("a required server that fails stops the session with an error naming it; exit 1, no stack trace", async () => {
    const home = tempDir();
    const dir = tempDir();
    writeFileSync(
      path.join(home, "config.toml"),
      [
        "[mcp_servers.sluggish]",
        `command = ${JSON.stringify(process.execPath)}`,
        `args = [${JSON.stringify(MISBEHAVING)}]`,
        'env = { MODE = "slow-start" }',
        "startup_timeout_sec = 0.5",
        "required = true",
        "",
      ].join("\n"),
    );
    const model = script(dir, [{ text: "never reached" }]);
    const result = await runArt(["exec", "--model", model, "--cwd", dir, "go"], {
      env: { ART_HOME: home },
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/MCP server "sluggish" did not start/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("an unknown key in an [mcp_servers] table is a config error naming it", async () => {
    const home = tempDir();
    const dir = tempDir();
    writeFileSync(path.join(home, "config.toml"), '[mcp_servers.x]\ncommand = "true"\ncomand_typo = 1\n');
    const result = await runArt(["exec", "--model", script(dir, [{ text: "no" }]), "--cwd", dir, "go"], {
      env: { ART_HOME: home },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/config\.toml/);
    expect(result.stderr).toMatch(/comand_typo/);
  });
});
