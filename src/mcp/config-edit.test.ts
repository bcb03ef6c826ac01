import { mkdtempSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { addMcpServerToFile, removeMcpServerFromFile } from "./config-edit.js";

function configFile(text?: string): string {
  const file = path.join(realpathSync(mkdtempSync(path.join(tmpdir(), "art-cfg-"))), "config.toml");
  if (text !== undefined) writeFileSync(file, text);
  return file;
}

const ORIGINAL = [
  "# my settings",
  'model = "anthropic:claude-sonnet-4-5" # the default',
  "",
  "# the file server",
  "[mcp_servers.fs]",
  'command = "npx"',
  'args = ["-y", "@modelcontextprotocol/server-filesystem", "."]',
  "[mcp_servers.fs.env]",
  'LOG = "debug"',
  "",
  "# keep this: it is about the rules",
  "[[rule]]",
  'tool = "shell"',
  "",
].join("\n");

describe("art mcp add/remove on config.toml", () => {
  it("add appends the table and keeps every other line, comments included", async () => {
    const file = configFile(ORIGINAL);
    await addMcpServerToFile(file, "remote", {
      url: "https://mcp.example.com/mcp",
      bearer_token_env_var: "EXAMPLE_TOKEN",
      http_headers: { "X-Team": "a b", "x.dotted": 'q"uote' },
    });
    const text = readFileSync(file, "utf8");
    expect(text.startsWith(ORIGINAL)).toBe(true);
    expect(text.slice(ORIGINAL.length)).toBe(
      [
        "",
        "[mcp_servers.remote]",
        'url = "https://mcp.example.com/mcp"',
        'bearer_token_env_var = "EXAMPLE_TOKEN"',
        'http_headers = { X-Team = "a b", "x.dotted" = "q\\"uote" }',
        "",
      ].join("\n"),
    );
    const parsed = parse(text) as { mcp_servers: Record<string, unknown> };
    expect(parsed.mcp_servers.remote).toEqual({
      url: "https://mcp.example.com/mcp",
      bearer_token_env_var: "EXAMPLE_TOKEN",
      http_headers: { "X-Team": "a b", "x.dotted": 'q"uote' },
    });
  });

  it("add creates a missing file readable by its owner only", async () => {
    const file = configFile();
    await addMcpServerToFile(file, "everything", { command: "node", args: ["server.js"], env: { K: "v" } });
    expect(readFileSync(file, "utf8")).toBe(
      '[mcp_servers.everything]\ncommand = "node"\nargs = ["server.js"]\nenv = { K = "v" }\n',
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("add refuses a name taken, a bad name and an invalid entry, leaving the file as it was", async () => {
    const file = configFile(ORIGINAL);
    await expect(addMcpServerToFile(file, "fs", { command: "x" })).rejects.toThrow(/configured already/);
    await expect(addMcpServerToFile(file, "a.b", { command: "x" })).rejects.toThrow(/not a server name/);
    await expect(addMcpServerToFile(file, "web", { url: "not a url" })).rejects.toThrow(/invalid: url/);
    expect(readFileSync(file, "utf8")).toBe(ORIGINAL);
  });

  it("add refuses a file where a table cannot be appended (mcp_servers inline), unchanged", async () => {
    const inline = 'mcp_servers = { fs = { command = "npx" } }\n';
    const file = configFile(inline);
    await expect(addMcpServerToFile(file, "web", { url: "https://x.example/mcp" })).rejects.toThrow(
      /cannot be appended/,
    );
    expect(readFileSync(file, "utf8")).toBe(inline);
  });

  it("remove takes out the table, its sub-tables and its comment, and nothing else", async () => {
    const file = configFile(ORIGINAL);
    expect(await removeMcpServerFromFile(file, "fs")).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(
      [
        "# my settings",
        'model = "anthropic:claude-sonnet-4-5" # the default',
        "",
        "# keep this: it is about the rules",
        "[[rule]]",
        'tool = "shell"',
        "",
      ].join("\n"),
    );
    expect(await removeMcpServerFromFile(file, "fs")).toBe(false);
  });

  it("an add then a remove gives the file back byte for byte", async () => {
    const file = configFile(ORIGINAL);
    await addMcpServerToFile(file, "extra", { command: "node", args: ["x.js"] });
    expect(await removeMcpServerFromFile(file, "extra")).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(ORIGINAL);
  });

  it("remove refuses a server written inside an inline table, unchanged", async () => {
    const text = '[mcp_servers]\nfs = { command = "npx" }\nweb = { url = "https://x.example/mcp" }\n';
    const file = configFile(text);
    await expect(removeMcpServerFromFile(file, "fs")).rejects.toThrow(
      /cannot take out on its own|is not written/,
    );
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});
