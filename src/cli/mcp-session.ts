import path from "node:path";
import type { LoadedConfig } from "../config/index.js";
import {
  type McpServersConfig,
  mcpTools,
  readMcpJson,
  type StartedServers,
  startMcpServers,
} from "../mcp/index.js";
import type { Tool } from "../tools/index.js";
import type { CliIO } from "./command.js";

/**
 * The MCP servers a session starts: `[mcp_servers.*]` of the config layers, then the project's `.mcp.json`
 * (Claude Code's file) when the project is trusted: its servers are programs, and an untrusted checkout must not
 * start programs by being opened. A name in both: config.toml wins.
 */
export function sessionMcpServers(loaded: LoadedConfig, io: CliIO): McpServersConfig {
  const configured = loaded.config.mcp_servers ?? {};
  const file = path.join(loaded.projectRoot, ".mcp.json");
  if (!loaded.trusted) return configured;
  return { ...readMcpJson(file, io.env), ...configured };
}

/**
 * Starts the session's MCP servers and gives their tools; optional servers that failed get one stderr line each.
 * With no servers configured, nothing (not even the SDK) is loaded.
 */
export async function startSessionMcp(
  servers: McpServersConfig,
  cwd: string,
  io: CliIO,
): Promise<{ tools: Tool[]; started?: StartedServers }> {
  if (Object.keys(servers).length === 0) return { tools: [] };
  const started = await startMcpServers(servers, { cwd, env: io.env });
  for (const failure of started.failures) io.stderr.write(`art: warning: ${failure.message}\n`);
  return { tools: mcpTools(started.servers), started };
}
