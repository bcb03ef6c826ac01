import { InvalidInputError } from "../core/index.js";
import { type Tool, tool } from "../tools/index.js";
import { convertResult } from "./convert-result.js";
import type { ConnectedServer } from "./mcp-tools.js";

/** The built-in tools' names: rules can name them like any tool (`mcp_read_resource`). */
export const MCP_RESOURCE_TOOL_NAMES = [
  "mcp_list_resources",
  "mcp_read_resource",
  "mcp_list_prompts",
  "mcp_get_prompt",
] as const;

type Kind = "resources" | "prompts";

function serversWith(servers: readonly ConnectedServer[], kind: Kind): ConnectedServer[] {
  return servers.filter((server) => server.connection.capabilities()[kind]);
}

function pick(servers: readonly ConnectedServer[], name: unknown, kind: Kind): ConnectedServer {
  const found = servers.find((server) => server.connection.server === name);
  if (!found)
    throw new InvalidInputError(`No MCP server "${String(name)}" with ${kind} in this session.`, {
      hint: `Servers with ${kind}: ${servers.map((server) => server.connection.server).join(", ")}.`,
    });
  return found;
}

const serverArg = (servers: readonly ConnectedServer[]) => ({
  type: "string",
  enum: servers.map((server) => server.connection.server),
  description: "The MCP server's name",
});

/**
 * Small tools that reach the connected servers' resources and prompts: listed only when a server declares them.
 * They read (`effects: "read"`): a resource or a prompt is text the server hands out, not an action.
 *
 * @example
 * const tools = [...mcpTools(servers), ...mcpResourceTools(servers)];
 */
export function mcpResourceTools(servers: readonly ConnectedServer[]): Tool[] {
  const tools: Tool[] = [];
  const withResources = serversWith(servers, "resources");
  const withPrompts = serversWith(servers, "prompts");
  if (withResources.length) {
    tools.push(
      tool<{ server?: string }>({
        name: "mcp_list_resources",
        description: "Lists the resources (uri, name, type) of the MCP servers, or of one server.",
        inputSchema: { type: "object", properties: { server: serverArg(withResources) } },
        effects: "read",
        async execute(args, context) {
          const chosen = args.server ? [pick(withResources, args.server, "resources")] : withResources;
          const lines: string[] = [];
          for (const server of chosen) {
            const resources = await server.connection.listResources(context.signal);
            lines.push(`${server.connection.server}: ${resources.length} resource(s)`);
            for (const resource of resources)
              lines.push(
                `  ${resource.uri} — ${resource.name}${resource.mimeType ? ` (${resource.mimeType})` : ""}${resource.description ? `: ${resource.description}` : ""}`,
              );
          }
          return lines.join("\n");
        },
      }),
      tool<{ server: string; uri: string }>({
        name: "mcp_read_resource",
        description: "Reads one resource of an MCP server by its uri.",
        inputSchema: {
          type: "object",
          properties: { server: serverArg(withResources), uri: { type: "string" } },
          required: ["server", "uri"],
        },
        effects: "read",
        async execute(args, context) {
          const server = pick(withResources, args.server, "resources");
          return convertResult({ content: await server.connection.readResource(args.uri, context.signal) });
        },
      }),
    );
  }
  if (withPrompts.length) {
    tools.push(
      tool<{ server?: string }>({
        name: "mcp_list_prompts",
        description: "Lists the prompts (name, arguments) of the MCP servers, or of one server.",
        inputSchema: { type: "object", properties: { server: serverArg(withPrompts) } },
        effects: "read",
        async execute(args, context) {
          const chosen = args.server ? [pick(withPrompts, args.server, "prompts")] : withPrompts;
          const lines: string[] = [];
          for (const server of chosen) {
            const prompts = await server.connection.listPrompts(context.signal);
            lines.push(`${server.connection.server}: ${prompts.length} prompt(s)`);
            for (const prompt of prompts) {
              const params = (prompt.arguments ?? []).map((arg) => `${arg.name}${arg.required ? "" : "?"}`);
              lines.push(
                `  ${prompt.name}(${params.join(", ")})${prompt.description ? `: ${prompt.description}` : ""}`,
              );
            }
          }
          return lines.join("\n");
        },
      }),
      tool<{ server: string; name: string; arguments?: Record<string, string> }>({
        name: "mcp_get_prompt",
        description: "Gets one prompt of an MCP server, filled in with its arguments.",
        inputSchema: {
          type: "object",
          properties: {
            server: serverArg(withPrompts),
            name: { type: "string" },
            arguments: { type: "object", additionalProperties: { type: "string" } },
          },
          required: ["server", "name"],
        },
        effects: "read",
        async execute(args, context) {
          const server = pick(withPrompts, args.server, "prompts");
          const prompt = await server.connection.getPrompt(args.name, args.arguments ?? {}, context.signal);
          const converted = convertResult({ content: prompt.messages.map((message) => message.content) });
          const roles = prompt.messages.map((message) => message.role).join(", ");
          return {
            ...converted,
            content: [
              { type: "text", text: `${prompt.description ?? args.name} — messages: ${roles}` },
              ...converted.content,
            ],
          };
        },
      }),
    );
  }
  return tools;
}
