// A real MCP server (the SDK's McpServer over stdio) whose tool list changes: calling `grow` registers a tool
// `grown_N`, which makes the SDK send notifications/tools/list_changed. For the client's list_changed tests.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

const server = new McpServer(
  { name: "changing", version: "1.0.0" },
  { capabilities: { tools: { listChanged: true } } },
);
let grown = 0;
server.registerTool("grow", { description: "Adds a tool" }, async () => {
  grown += 1;
  server.registerTool(`grown_${grown}`, { description: `Tool number ${grown}` }, async () => ({
    content: [{ type: "text", text: `grown ${grown}` }],
  }));
  return { content: [{ type: "text", text: `now ${grown + 1} tools` }] };
});
await server.connect(new StdioServerTransport());
