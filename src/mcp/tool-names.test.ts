import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { McpConfigError, modelToolNames, readMcpJson } from "./index.js";

describe("modelToolNames", () => {
  it("sanitises, caps at 64 and hashes collisions, mapping every name back exactly", () => {
    const tools = [
      { server: "fs", tool: "read.file" },
      { server: "fs", tool: "read_file" },
      { server: "a.very-long-server-name-that-goes-on", tool: "and_a_tool_name_that_is_also_quite_long" },
    ];
    const names = modelToolNames(tools);
    const keys = [...names.keys()];
    expect(keys[0]).toBe("mcp__fs__read_file");
    expect(keys[1]).toMatch(/^mcp__fs__read_file_[0-9a-f]{8}$/);
    expect(keys[2]).toHaveLength(64);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect([...names.values()]).toEqual(tools);
  });

  it("never puts the __ separator inside the server's part, so mcp__a__* cannot reach a server named a__b", () => {
    const names = modelToolNames([
      { server: "a__b", tool: "c" },
      { server: "a.__.b", tool: "c" },
    ]);
    const keys = [...names.keys()];
    expect(keys[0]).toBe("mcp__a_b__c");
    for (const key of keys) {
      expect(key.startsWith("mcp__a__")).toBe(false);
      expect(key.slice(5, key.lastIndexOf("__"))).not.toContain("__");
    }
    expect([...names.values()]).toEqual([
      { server: "a__b", tool: "c" },
      { server: "a.__.b", tool: "c" },
    ]);
  });

  it("keeps the server's prefix whole when a long tool name is cut", () => {
    const [name] = modelToolNames([{ server: "github", tool: "x".repeat(100) }]).keys();
    expect(name).toHaveLength(64);
    expect(name!.startsWith("mcp__github__")).toBe(true);
  });
});

describe("readMcpJson", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "art-mcp-json-"));
  const write = (data: unknown) => {
    const file = path.join(dir, ".mcp.json");
    writeFileSync(file, JSON.stringify(data));
    return file;
  };

  it("expands ${VAR} and ${VAR:-default} in Claude Code's shape", () => {
    const file = write({
      mcpServers: {
        local: {
          command: "${BIN_DIR}/server",
          args: ["--root", "${ROOT:-/srv}"],
          env: { TOKEN: "${TOKEN}" },
        },
        remote: { type: "http", url: "https://${HOST:-example.com}/mcp", headers: { "X-Key": "${KEY:-}" } },
      },
    });
    expect(readMcpJson(file, { BIN_DIR: "/opt", TOKEN: "t0k" })).toEqual({
      local: { command: "/opt/server", args: ["--root", "/srv"], env: { TOKEN: "t0k" } },
      remote: { url: "https://example.com/mcp", http_headers: { "X-Key": "" } },
    });
  });

  it("names an unset variable without a default, and unknown keys", () => {
    const unset = write({ mcpServers: { s: { command: "${NOPE}" } } });
    expect(() => readMcpJson(unset, {})).toThrow(McpConfigError);
    expect(() => readMcpJson(unset, {})).toThrow(/server "s" uses \$\{NOPE\}, which is unset/);
    const typo = write({ mcpServers: { s: { command: "x", argz: [] } } });
    expect(() => readMcpJson(typo, {})).toThrow(/argz/);
  });

  it("a missing file is no servers", () => {
    expect(readMcpJson(path.join(dir, "absent.json"), {})).toEqual({});
  });
});
