export { addMcpServerToFile, removeMcpServerFromFile } from "./config-edit.js";
export { convertResult, MAX_MCP_RESULT_CHARS } from "./convert-result.js";
export * from "./errors/index.js";
export { expandVars } from "./expand-vars.js";
export type {
  McpCallOptions,
  McpCallResult,
  McpConnection,
  McpContentBlock,
  McpPromptInfo,
  McpPromptResult,
  McpResourceInfo,
  McpToolInfo,
} from "./mcp-connection.js";
export { readMcpJson } from "./mcp-json.js";
export { allowedTools, type ConnectedServer, mcpTools } from "./mcp-tools.js";
export { loginMcpServer, type McpLoginOptions } from "./oauth-login.js";
export { OAUTH_STORE_VERSION, oauthFile } from "./oauth-store.js";
export { MCP_RESOURCE_TOOL_NAMES, mcpResourceTools } from "./resource-tools.js";
export { type ConnectOptions, connectWithSdk, type SpawnWrapper } from "./sdk-connection.js";
export { MCP_DEFAULTS, McpServerConfig, McpServersConfig } from "./server-config.js";
export { type StartedServers, type StartOptions, startMcpServers } from "./start-servers.js";
export { modelToolNames, serverToolPrefix } from "./tool-names.js";
export { estimateToolTokens, MCP_TOOL_SEARCH, mcpToolSearch } from "./tool-search.js";
