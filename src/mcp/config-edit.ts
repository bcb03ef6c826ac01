import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { McpConfigEditError } from "./errors/index.js";
import { McpServerConfig } from "./server-config.js";
import { tomlKey, tomlValue, withoutTables } from "./toml-text.js";

const NAME = /^[A-Za-z0-9_-]+$/;

/** Keys in the order `add` writes them: what it is first, then how it is reached. */
const KEY_ORDER: readonly (keyof McpServerConfig)[] = [
  "command",
  "args",
  "url",
  "bearer_token_env_var",
  "http_headers",
  "env",
  "cwd",
  "enabled",
  "required",
  "startup_timeout_sec",
  "tool_timeout_sec",
  "sandboxed",
  "enabled_tools",
  "disabled_tools",
];

type Document = Record<string, unknown>;

/** JSON with sorted keys: smol-toml's tables have no prototype, so a structural compare must ignore that. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item) && !(item instanceof Date)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

function sameDocument(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

async function parseToml(file: string, text: string): Promise<Document> {
  const { parse } = await import("smol-toml");
  try {
    return parse(text) as Document;
  } catch (error) {
    throw new McpConfigEditError(file, `it is not valid TOML (${(error as Error).message.split("\n")[0]})`);
  }
}

function serversOf(document: Document): Record<string, unknown> {
  const servers = document.mcp_servers;
  return servers && typeof servers === "object" ? (servers as Record<string, unknown>) : {};
}

/** The document with `mcp_servers` replaced by `servers` (absent when empty), for comparing parses. */
function withServers(document: Document, servers: Record<string, unknown>): Document {
  const { mcp_servers: _, ...rest } = document;
  return Object.keys(servers).length ? { ...rest, mcp_servers: servers } : rest;
}

function checkName(file: string, name: string): void {
  if (!NAME.test(name))
    throw new McpConfigEditError(
      file,
      `"${name}" is not a server name`,
      "Use letters, digits, _ and - only (it becomes part of the tools' names).",
    );
}

/**
 * Writes `text` over `file` atomically (a temp file renamed over it, its mode kept; 0600 when new: entries may hold
 * tokens), refusing when the file changed since it was read as `before` — a concurrent edit is never overwritten.
 */
function replaceFile(file: string, before: string | undefined, text: string): void {
  const now = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (now !== before)
    throw new McpConfigEditError(file, "it changed while being edited", "Run the command again.");
  mkdirSync(path.dirname(file), { recursive: true });
  const mode = before === undefined ? 0o600 : statSync(file).mode & 0o777;
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text, { mode });
    renameSync(temp, file);
  } catch (error) {
    if (existsSync(temp)) unlinkSync(temp);
    throw error;
  }
}

/**
 * Adds `[mcp_servers.NAME]` to a config.toml (created when missing) as a new table at its end: every other line,
 * comments included, stays as it was. The entry is checked against the config's schema first, and the result is
 * parsed back and compared with what was asked before the file is replaced.
 *
 * @example
 * await addMcpServerToFile(path.join(artHome, "config.toml"), "fs", { command: "npx", args: ["-y", "server-fs", "."] });
 */
export async function addMcpServerToFile(file: string, name: string, entry: McpServerConfig): Promise<void> {
  checkName(file, name);
  const checked = McpServerConfig.safeParse(entry);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new McpConfigEditError(
      file,
      `the entry for "${name}" is invalid: ${issue?.path.length ? `${issue.path.join(".")}: ` : ""}${issue?.message}`,
      "Give a command (after --) or --url, and KEY=VALUE pairs for --env.",
    );
  }
  const before = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  const document = await parseToml(file, before ?? "");
  const servers = serversOf(document);
  if (name in servers)
    throw new McpConfigEditError(
      file,
      `an MCP server named "${name}" is configured already`,
      `Remove it first ("art mcp remove ${name}") or pick another name.`,
    );
  const lines = [`[mcp_servers.${tomlKey(name)}]`];
  for (const key of KEY_ORDER) {
    const value = checked.data[key];
    if (value !== undefined) lines.push(`${key} = ${tomlValue(value)}`);
  }
  const prefix = before === undefined || before === "" ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const text = `${before ?? ""}${prefix}${lines.join("\n")}\n`;
  const after = await parseToml(file, text).catch(() => undefined);
  if (!after || !sameDocument(after, withServers(document, { ...servers, [name]: checked.data })))
    throw new McpConfigEditError(
      file,
      `a [mcp_servers.${name}] table cannot be appended to it (is mcp_servers written as an inline table?)`,
    );
  replaceFile(file, before, text);
}

/**
 * Removes `[mcp_servers.NAME]` (and its sub-tables, and the comment lines right above it) from a config.toml; every
 * other line stays. False when the file has no such server. An entry written some other way (inside an inline
 * table) is refused, the file unchanged: the result is parsed back and must differ from the original by exactly
 * that server.
 *
 * @example
 * if (!(await removeMcpServerFromFile(file, "fs"))) console.error("no server fs");
 */
export async function removeMcpServerFromFile(file: string, name: string): Promise<boolean> {
  checkName(file, name);
  if (!existsSync(file)) return false;
  const before = readFileSync(file, "utf8");
  const document = await parseToml(file, before);
  const { [name]: removed, ...rest } = serversOf(document);
  if (removed === undefined) return false;
  const text = withoutTables(before, ["mcp_servers", name]);
  const after = await parseToml(file, text).catch(() => undefined);
  if (!after || !sameDocument(withServers(after, serversOf(after)), withServers(document, rest)))
    throw new McpConfigEditError(
      file,
      `the server "${name}" is not written as a [mcp_servers.${name}] table this command can take out on its own`,
    );
  replaceFile(file, before, text);
  return true;
}
