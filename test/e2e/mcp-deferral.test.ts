import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defineAgent, Runtime } from "../../src/runtime/index.js";
import { tool } from "../../src/tools/index.js";
import { startMockLlmServer } from "../support/mock-llm-server/index.js";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const require = createRequire(import.meta.url);
const EVERYTHING = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");

/** The tool names each request listed to the model (OpenAI Responses wire format). */
function listed(requests: { body: unknown }[]): string[][] {
  return requests.map((request) =>
    ((request.body as { tools?: { name: string }[] }).tools ?? []).map((entry) => entry.name),
  );
}

function config(home: string, budget: number): void {
  writeFileSync(
    path.join(home, "config.toml"),
    [
      `mcp_tool_token_budget = ${budget}`,
      "[mcp_servers.everything]",
      `command = ${JSON.stringify(process.execPath)}`,
      `args = [${JSON.stringify(EVERYTHING)}, "stdio"]`,
      "",
    ].join("\n"),
  );
}

describe("MCP tools deferred behind mcp_tool_search", () => {
  it("above the budget: not listed until a search finds them, then listed and callable in the next step", async () => {
    const server = await startMockLlmServer({
      responses: [
        { toolCalls: [{ name: "mcp_tool_search", arguments: { query: "echo message back" } }] },
        { toolCalls: [{ name: "mcp__everything__echo", arguments: { message: "found you" } }] },
        { text: "Echoed." },
      ],
    });
    try {
      const home = tempDir("art-home-");
      config(home, 50);
      const args = ["exec", "--json", "--approval", "on-failure", "--model", "openai:gpt-test"];
      const result = await runArt([...args, "--base-url", `${server.url}/v1`, "--cwd", tempDir(), "echo"], {
        env: { ART_HOME: home, OPENAI_API_KEY: "test" },
        timeoutMs: 60_000,
      });
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.code).toBe(0);
      const [first, second, third] = listed(server.requests);
      expect(first).toContain("mcp_tool_search");
      expect(first).toContain("mcp_read_resource");
      expect(first?.filter((name) => name.startsWith("mcp__"))).toEqual([]);
      expect(second).toContain("mcp__everything__echo");
      expect(third).toContain("mcp__everything__echo");
      // Only what the search found: the rest of the server's tools stay unlisted.
      expect(second?.filter((name) => name.startsWith("mcp__")).length).toBeLessThanOrEqual(5);
      const results = jsonLines(result.stdout).filter((event) => event.type === "tool.result");
      expect(results[0]).toMatchObject({ name: "mcp_tool_search", ok: true });
      expect(results[0]?.revealed).toContain("mcp__everything__echo");
      expect(JSON.stringify(results[0]?.content)).toContain('"input_schema"');
      expect(results[1]).toMatchObject({ name: "mcp__everything__echo", ok: true });
      expect(String(results[1]?.output)).toContain("Echo: found you");
    } finally {
      await server.close();
    }
  });

  it("under the budget every tool is listed and there is no search tool", async () => {
    const server = await startMockLlmServer({ responses: [{ text: "Nothing to do." }] });
    try {
      const home = tempDir("art-home-");
      config(home, 1_000_000);
      const result = await runArt(
        ["exec", "--model", "openai:gpt-test", "--base-url", `${server.url}/v1`, "--cwd", tempDir(), "hi"],
        { env: { ART_HOME: home, OPENAI_API_KEY: "test" }, timeoutMs: 60_000 },
      );
      expect(result.code).toBe(0);
      const [first] = listed(server.requests);
      expect(first).toContain("mcp__everything__echo");
      expect(first).not.toContain("mcp_tool_search");
    } finally {
      await server.close();
    }
  });

  it("a resumed session lists the tools its journal says were revealed", async () => {
    const server = await startMockLlmServer({
      responses: [
        { toolCalls: [{ name: "reveal", arguments: {} }] },
        { text: "Revealed." },
        { text: "Still listed." },
      ],
    });
    const hidden = tool({
      name: "hidden",
      description: "A deferred tool.",
      inputSchema: { type: "object", properties: {} },
      effects: "read",
      deferred: true,
      execute: () => "hidden ran",
    });
    const other = tool({
      name: "other_hidden",
      description: "Another deferred tool.",
      inputSchema: { type: "object", properties: {} },
      effects: "read",
      deferred: true,
      execute: () => "other ran",
    });
    const reveal = tool({
      name: "reveal",
      description: "Reveals the hidden tool.",
      inputSchema: { type: "object", properties: {} },
      effects: "read",
      execute: () => ({ content: [{ type: "text", text: "now listed: hidden" }], reveals: ["hidden"] }),
    });
    const agent = defineAgent({
      name: "deferring",
      model: "openai:gpt-test",
      baseUrl: `${server.url}/v1`,
      checkpoints: false,
      tools: { extra: [hidden, other, reveal] },
    });
    const artHome = tempDir("art-home-");
    const env = { ...process.env, OPENAI_API_KEY: "test" };
    const first = await Runtime.open({ artHome, env });
    const run = first.run(agent, "reveal it", { cwd: tempDir() });
    expect((await run.result).status).toBe("completed");
    await first.close();
    const again = await Runtime.open({ artHome, env });
    const resumed = again.resume(run.sessionId, { agent, message: "and now?" });
    expect((await resumed.result).status).toBe("completed");
    await again.close();
    const names = listed(server.requests);
    expect(names[0]).not.toContain("hidden");
    expect(names[1]).toContain("hidden");
    expect(names[2]).toContain("hidden");
    expect(names.every((list) => !list.includes("other_hidden"))).toBe(true);
    await server.close();
  });
});
