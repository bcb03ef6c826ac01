import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const require = createRequire(import.meta.url);
const EVERYTHING = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");

describe("MCP resources and prompts through the built-in tools", () => {
  it("lists and reads server-everything's resources and gets its prompt in an art exec session", async () => {
    const home = tempDir();
    const dir = tempDir();
    writeFileSync(
      path.join(home, "config.toml"),
      `[mcp_servers.everything]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(EVERYTHING)}, "stdio"]\n`,
    );
    const file = path.join(dir, "script.json");
    writeFileSync(
      file,
      JSON.stringify({
        responses: [
          {
            toolCalls: [
              { name: "mcp_list_resources", arguments: {} },
              {
                name: "mcp_read_resource",
                arguments: { server: "everything", uri: "demo://resource/dynamic/text/1" },
              },
              { name: "mcp_list_prompts", arguments: { server: "everything" } },
              { name: "mcp_get_prompt", arguments: { server: "everything", name: "simple-prompt" } },
              { name: "mcp_read_resource", arguments: { server: "nowhere", uri: "demo://x" } },
            ],
          },
          { text: "Read them." },
        ],
      }),
    );
    const result = await runArt(
      ["exec", "--json", "--approval", "on-failure", "--model", `scripted:${file}`, "--cwd", dir, "read"],
      { env: { ART_HOME: home }, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(0);
    const results = jsonLines(result.stdout).filter((event) => event.type === "tool.result");
    const byName = (name: string) => results.filter((event) => event.name === name);
    expect(results.map((event) => event.ok)).toEqual([true, true, true, true, false]);
    expect(String(byName("mcp_list_resources")[0]?.output)).toMatch(/^everything: \d+ resource\(s\)/);
    expect(String(byName("mcp_read_resource")[0]?.output)).toContain(
      "[resource demo://resource/dynamic/text/1]",
    );
    expect(String(byName("mcp_list_prompts")[0]?.output)).toContain("simple-prompt()");
    expect(String(byName("mcp_get_prompt")[0]?.output)).toMatch(/messages: user/);
    expect(String(byName("mcp_read_resource")[1]?.output)).toMatch(
      /Invalid arguments for tool "mcp_read_resource".*server/s,
    );
  });
});
