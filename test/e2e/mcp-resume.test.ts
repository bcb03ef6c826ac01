import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const require = createRequire(import.meta.url);
const EVERYTHING = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");

function config(home: string): void {
  writeFileSync(
    path.join(home, "config.toml"),
    [
      "[mcp_servers.everything]",
      `command = ${JSON.stringify(process.execPath)}`,
      `args = [${JSON.stringify(EVERYTHING)}, "stdio"]`,
      'enabled_tools = ["echo"]',
      "",
    ].join("\n"),
  );
}

describe("art resume of a session with MCP tools", () => {
  it("starts the session's servers again, so a follow-up turn can call their tools", async () => {
    const home = tempDir();
    const dir = tempDir();
    config(home);
    const scriptFile = path.join(dir, "script.json");
    writeFileSync(
      scriptFile,
      JSON.stringify({
        responses: [
          { toolCalls: [{ name: "mcp__everything__echo", arguments: { message: "first" } }] },
          { text: "First turn done." },
          { toolCalls: [{ name: "mcp__everything__echo", arguments: { message: "second" } }] },
          { text: "Second turn done." },
        ],
      }),
    );
    const env = { ART_HOME: home };
    const first = await runArt(
      [
        "exec",
        "--json",
        "--approval",
        "on-failure",
        "--model",
        `scripted:${scriptFile}`,
        "--cwd",
        dir,
        "echo",
      ],
      { env, timeoutMs: 60_000 },
    );
    expect(first.code).toBe(0);
    const sessionId = jsonLines(first.stdout)[0]!.sessionId as string;
    const second = await runArt(["resume", "--json", sessionId, "echo again"], {
      env,
      cwd: dir,
      timeoutMs: 60_000,
    });
    expect(second.stderr).not.toContain("definition_required");
    expect(second.code).toBe(0);
    const results = jsonLines(second.stdout).filter((event) => event.type === "tool.result");
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: true });
    expect(JSON.stringify(results[0])).toContain("Echo: second");
  });

  it("names the tools it cannot offer when the server is no longer configured", async () => {
    const home = tempDir();
    const dir = tempDir();
    config(home);
    const scriptFile = path.join(dir, "script.json");
    writeFileSync(scriptFile, JSON.stringify({ responses: [{ text: "one" }, { text: "two" }] }));
    const env = { ART_HOME: home };
    const first = await runArt(["exec", "--json", "--model", `scripted:${scriptFile}`, "--cwd", dir, "hi"], {
      env,
      timeoutMs: 60_000,
    });
    expect(first.code).toBe(0);
    const sessionId = jsonLines(first.stdout)[0]!.sessionId as string;
    writeFileSync(path.join(home, "config.toml"), "");
    const second = await runArt(["resume", sessionId, "again"], { env, cwd: dir, timeoutMs: 60_000 });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("mcp__everything__echo");
    expect(second.stderr).not.toMatch(/\n\s+at /);
  });
});
