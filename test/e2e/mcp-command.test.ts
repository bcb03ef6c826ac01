import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const require = createRequire(import.meta.url);
const EVERYTHING = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");

function home(): string {
  const dir = tempDir();
  writeFileSync(
    `${dir}/config.toml`,
    [
      "[mcp_servers.everything]",
      `command = ${JSON.stringify(process.execPath)}`,
      `args = [${JSON.stringify(EVERYTHING)}, "stdio"]`,
      'enabled_tools = ["echo", "get-sum"]',
      "[mcp_servers.remote]",
      'url = "http://127.0.0.1:9/mcp"',
      "enabled = false",
      "",
    ].join("\n"),
  );
  return dir;
}

describe("art mcp", () => {
  it("lists the configured servers", async () => {
    const result = await runArt(["mcp", "list", "--json", "-C", tempDir()], { env: { ART_HOME: home() } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        name: "everything",
        transport: "stdio",
        target: `${process.execPath} ${EVERYTHING} stdio`,
        enabled: true,
        required: false,
      },
      {
        name: "remote",
        transport: "http",
        target: "http://127.0.0.1:9/mcp",
        enabled: false,
        required: false,
      },
    ]);
  });

  it("test starts the server and lists its allowed tools", async () => {
    const result = await runArt(["mcp", "test", "everything", "--json", "-C", tempDir()], {
      env: { ART_HOME: home() },
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.tools).toEqual(["echo", "get-sum"]);
    expect(typeof report.startup_ms).toBe("number");
  });

  it("test of a server that cannot start exits 1 naming it; unknown names and sub-commands exit 2", async () => {
    const env = { ART_HOME: home() };
    const failed = await runArt(["mcp", "test", "remote", "-C", tempDir()], { env, timeoutMs: 60_000 });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/MCP server "remote" did not start/);
    const unknown = await runArt(["mcp", "get", "nope", "-C", tempDir()], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No MCP server "nope" is configured \(there are: everything, remote\)/);
    const sub = await runArt(["mcp", "frobnicate"], { env });
    expect(sub.code).toBe(2);
    expect(sub.stderr).toMatch(/Unknown sub-command "mcp frobnicate"/);
  });
});
