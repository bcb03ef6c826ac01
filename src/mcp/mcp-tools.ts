import { type Tool, tool } from "../tools/index.js";
import { convertResult } from "./convert-result.js";
import type { McpConnection, McpToolInfo } from "./mcp-connection.js";
import { MCP_DEFAULTS, type McpServerConfig } from "./server-config.js";
import { modelToolNames } from "./tool-names.js";
import { estimateToolTokens, mcpToolSearch } from "./tool-search.js";

/** A connected server, its config entry and the tools it listed. */
export interface ConnectedServer {
  connection: McpConnection;
  config: McpServerConfig;
  tools: McpToolInfo[];
}

/** The tools a server's `enabled_tools` / `disabled_tools` let reach the model. */
export function allowedTools(config: McpServerConfig, tools: readonly McpToolInfo[]): McpToolInfo[] {
  const enabled = config.enabled_tools ? new Set(config.enabled_tools) : undefined;
  const disabled = new Set(config.disabled_tools ?? []);
  return tools.filter((entry) => (!enabled || enabled.has(entry.name)) && !disabled.has(entry.name));
}

function schemaOf(info: McpToolInfo): { type: "object"; [key: string]: unknown } {
  return { ...info.inputSchema, type: "object" };
}

/**
 * Our tools for every allowed tool of the connected servers, named `mcp__<server>__<tool>` (see
 * {@link modelToolNames}). A call is judged by the policy as a tool call of that name (rules may name it or
 * `mcp__<server>__*`); tools the server marks read-only are `read`, every other one `exec`: it is someone else's code.
 *
 * Above `options.tokenBudget` (estimated tokens of all their definitions; default
 * {@link MCP_DEFAULTS.toolTokenBudget}) the tools are `deferred` — not listed to the model — and one more tool,
 * `mcp_tool_search`, finds and reveals them.
 *
 * @example
 * const tools = mcpTools([connected]); // defineAgent({ ..., tools: { extra: tools } })
 */
export function mcpTools(
  servers: readonly ConnectedServer[],
  options: { tokenBudget?: number } = {},
): Tool[] {
  const tools = serverTools(servers);
  const budget = options.tokenBudget ?? MCP_DEFAULTS.toolTokenBudget;
  if (tools.length === 0 || estimateToolTokens(tools) <= budget) return tools;
  const deferred = tools.map((entry) => Object.freeze({ ...entry, deferred: true }));
  return [...deferred, mcpToolSearch(deferred)];
}

function serverTools(servers: readonly ConnectedServer[]): Tool[] {
  const entries = servers.flatMap((server) =>
    allowedTools(server.config, server.tools).map((info) => ({ server, info })),
  );
  const names = modelToolNames(
    entries.map(({ server, info }) => ({ server: server.connection.server, tool: info.name })),
  );
  const modelNames = [...names.keys()];
  return entries.map(({ server, info }, index) => {
    const name = modelNames[index] as string;
    const timeoutMs = (server.config.tool_timeout_sec ?? MCP_DEFAULTS.toolTimeoutSec) * 1000;
    return tool<Record<string, unknown>>({
      name,
      description:
        `${info.description ?? ""} (MCP server "${server.connection.server}", tool "${info.name}")`.trim(),
      inputSchema: schemaOf(info),
      effects: info.annotations?.readOnlyHint ? "read" : "exec",
      async execute(args, context) {
        const result = await server.connection.callTool(info.name, args ?? {}, {
          timeoutMs,
          signal: context.signal,
          onProgress: (progress) =>
            context.progress.report({
              ...(progress.message ? { message: progress.message } : {}),
              data: {
                progress: progress.progress,
                ...(progress.total !== undefined ? { total: progress.total } : {}),
              },
            }),
        });
        return convertResult(result);
      },
    });
  });
}
