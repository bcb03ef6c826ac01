import { readFileSync } from "node:fs";
import { z } from "zod";
import { McpConfigError } from "./errors/index.js";
import { expandVars } from "./expand-vars.js";
import { McpServerConfig, type McpServersConfig } from "./server-config.js";

// Claude Code's shape; its own keys only (unknown ones are errors, as in our config).
const ClaudeServer = z.strictObject({
  type: z.enum(["stdio", "http", "sse"]).optional(),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  url: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
});
const McpJson = z.strictObject({ mcpServers: z.record(z.string(), ClaudeServer) });

function expandDeep(value: unknown, env: Record<string, string | undefined>, missing: Set<string>): unknown {
  if (typeof value === "string") return expandVars(value, env, missing);
  if (Array.isArray(value)) return value.map((item) => expandDeep(item, env, missing));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, expandDeep(item, env, missing)]),
    );
  return value;
}

/**
 * Reads Claude Code's `.mcp.json` (`{"mcpServers": {...}}`) into our server entries, expanding `${VAR}` and
 * `${VAR:-default}` in every string. A missing file is no servers; `sse` servers are refused (deprecated transport).
 *
 * @example
 * const servers = readMcpJson("/repo/.mcp.json", process.env); // { github: { url: "https://..." } }
 */
export function readMcpJson(file: string, env: Record<string, string | undefined>): McpServersConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new McpConfigError(file, `cannot be read (${(error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new McpConfigError(file, `is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = McpJson.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "(top level)";
    throw new McpConfigError(file, `"${where}": ${issue?.message}`);
  }
  const servers: McpServersConfig = {};
  for (const [name, raw] of Object.entries(parsed.data.mcpServers)) {
    const missing = new Set<string>();
    const entry = expandDeep(raw, env, missing) as z.infer<typeof ClaudeServer>;
    if (missing.size)
      throw new McpConfigError(
        file,
        `server "${name}" uses ${[...missing].map((v) => `\${${v}}`).join(", ")}, which is unset and has no default (write \${VAR:-default} for one)`,
      );
    if (entry.type === "sse")
      throw new McpConfigError(file, `server "${name}" uses the deprecated SSE transport; use "http"`);
    const converted = McpServerConfig.safeParse({
      ...(entry.command ? { command: entry.command } : {}),
      ...(entry.args ? { args: entry.args } : {}),
      ...(entry.env ? { env: entry.env } : {}),
      ...(entry.url ? { url: entry.url } : {}),
      ...(entry.headers ? { http_headers: entry.headers } : {}),
    });
    if (!converted.success)
      throw new McpConfigError(file, `server "${name}": ${converted.error.issues[0]?.message}`);
    servers[name] = converted.data;
  }
  return servers;
}
