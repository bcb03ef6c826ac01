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
    started = await startMcpServers(servers, {
      cwd: session.cwd,
      env: io.env,
      wrapSpawn: sandbox.wrapSpawn,
      artHome: session.artHome,
    });
  } catch (error) {
    sandbox.dispose();
    throw error;
  }
  for (const failure of started.failures) io.stderr.write(`art: warning: ${failure.message}\n`);
  const build = () => [
    ...mcpTools(
      started.servers,
      session.toolTokenBudget !== undefined ? { tokenBudget: session.toolTokenBudget } : {},
    ),
    ...mcpResourceTools(started.servers),
  ];
  const tools = build();
  // A server's tools/list_changed replaces its list, and the tools are rebuilt in place: a host that defines each
  // run from this array (art acp, per prompt, with adoptDefinition) offers the new set from its next run on,
  // journaled as definition.changed, so a resume sees the same set. A call to a tool that went away is then an
  // unknown tool, answered to the model as such.
  for (const server of started.servers) {
    server.connection.onToolsChanged((listed) => {
      server.tools = listed;
      tools.splice(0, tools.length, ...build());
    });
  }
  return {
    tools,
    started,
    close: async () => {
      await started.close();
      sandbox.dispose();
    },
  };
}

/**
 * The MCP servers a resumed session needs, started again: only when its journaled definition lists MCP tools
 * (`mcp__*`, the tool search, the resource and prompt tools), from the configuration of its workspace as it is
 * now, sandboxed under the session's settings (with this resume's changes). The tools returned are those the
 * journal lists; one whose server did not start stays missing and the resume says which
 * (`runtime.definition_required`), one whose schema changed is refused as a changed definition.
 */
export async function resumeSessionMcp(
  session: { toolNames: readonly string[]; cwd: string; artHome: string; fields: CliAgentFields },
  io: CliIO,
): Promise<{ tools: Tool[]; close(): Promise<void> }> {
  const wanted = new Set(session.toolNames.filter((name) => name.startsWith("mcp_")));
  if (wanted.size === 0) return { tools: [], close: async () => undefined };
  const { loadEffectiveConfig } = await import("../config/index.js");
  const loaded = await loadEffectiveConfig(session.artHome, session.cwd);
  const started = await startSessionMcp(
    sessionMcpServers(loaded, io),
    { ...session, toolTokenBudget: loaded.config.mcp_tool_token_budget },
    io,
  );
  return { tools: started.tools.filter((tool) => wanted.has(tool.name)), close: started.close };
}
