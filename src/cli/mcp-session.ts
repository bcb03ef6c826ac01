import path from "node:path";
import type { LoadedConfig } from "../config/index.js";
import {
  type McpServersConfig,
  mcpResourceTools,
  mcpTools,
  readMcpJson,
  type StartedServers,
  startMcpServers,
} from "../mcp/index.js";
import type { Tool } from "../tools/index.js";
import type { CliAgentFields } from "./agent-options.js";
import type { CliIO } from "./command.js";
import { mcpSandbox } from "./mcp-sandbox.js";

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
  session: { fields: CliAgentFields; cwd: string; artHome: string; toolTokenBudget?: number | undefined },
  io: CliIO,
): Promise<{ tools: Tool[]; started?: StartedServers; close(): Promise<void> }> {
  if (Object.keys(servers).length === 0) return { tools: [], close: async () => undefined };
  const sandbox = mcpSandbox(session.fields, session.cwd, session.artHome);
  let started: StartedServers;
  try {
    started = await startMcpServers(servers, { cwd: session.cwd, env: io.env, wrapSpawn: sandbox.wrapSpawn });
  } catch (error) {
    sandbox.dispose();
    throw error;
  }
  for (const failure of started.failures) io.stderr.write(`art: warning: ${failure.message}\n`);
  return {
    tools: [
      ...mcpTools(
        started.servers,
        session.toolTokenBudget !== undefined ? { tokenBudget: session.toolTokenBudget } : {},
      ),
      ...mcpResourceTools(started.servers),
    ],
    started,
    close: async () => {
      await started.close();
      sandbox.dispose();
    },
  };
}
