import type { McpServersConfig } from "../mcp/index.js";
import type { McpServer } from "./acp-types.js";
import { AcpRequestError } from "./errors/index.js";

/** A server name as our config accepts it (`[A-Za-z0-9_-]`): editors send display names such as "My Server". */
function configName(name: string, taken: McpServersConfig): string {
  const base = name.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "") || "server";
  let candidate = base;
  for (let n = 2; candidate in taken; n++) candidate = `${base}_${n}`;
  return candidate;
}

/**
 * The MCP servers an editor passes in `session/new` / `session/load`, as `[mcp_servers.*]` entries: started like
 * configured ones (in parallel, sandboxed, optional). SSE servers are refused (we advertise `sse: false`).
 */
export function mcpServersFromAcp(servers: readonly McpServer[]): McpServersConfig {
  const config: McpServersConfig = {};
  for (const server of servers) {
    const name = configName(server.name, config);
    if ("type" in server && server.type === "sse") {
      throw new AcpRequestError(
        `MCP server "${server.name}" uses the SSE transport, which art does not speak.`,
        "Pass it as a stdio or streamable HTTP (type: http) server.",
      );
    }
    if ("type" in server && server.type === "http") {
      const headers = Object.fromEntries(server.headers.map((header) => [header.name, header.value]));
      config[name] = { url: server.url, ...(server.headers.length ? { http_headers: headers } : {}) };
      continue;
    }
    const stdio = server as Extract<McpServer, { command: string }>;
    const env = Object.fromEntries(stdio.env.map((variable) => [variable.name, variable.value]));
    config[name] = {
      command: stdio.command,
      ...(stdio.args.length ? { args: [...stdio.args] } : {}),
      ...(stdio.env.length ? { env } : {}),
    };
  }
  return config;
}
