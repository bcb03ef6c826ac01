export { McpAuthError } from "./mcp-auth-error.js";
export { McpCallError, type McpCallFailure } from "./mcp-call-error.js";
export { McpConfigEditError } from "./mcp-config-edit-error.js";
export { McpConfigError } from "./mcp-config-error.js";
export { McpStartError } from "./mcp-start-error.js";
