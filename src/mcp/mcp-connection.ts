/** A tool as a server lists it. */
export interface McpToolInfo {
  name: string;
  description?: string;
  /** JSON Schema of the arguments (`type: "object"`). */
  inputSchema: Record<string, unknown>;
  /** The server's hints; `readOnlyHint` makes a tool `read` for scheduling and policy. */
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean };
}

/** One content block of a tool result, as MCP defines it (only the fields we convert). */
export interface McpContentBlock {
  type: string;
  text?: string;
  data?: string;
  mimeType?: string;
  uri?: string;
  name?: string;
  resource?: { uri: string; mimeType?: string; text?: string; blob?: string };
}

/** A tool call's result. */
export interface McpCallResult {
  content: McpContentBlock[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** A resource a server lists. */
export interface McpResourceInfo {
  uri: string;
  name: string;
  description?: string;
  mimeType?: string;
}

/** A prompt a server lists. */
export interface McpPromptInfo {
  name: string;
  description?: string;
  arguments?: { name: string; description?: string; required?: boolean }[];
}

/** A prompt as the server fills it in: messages whose content is one content block each. */
export interface McpPromptResult {
  description?: string;
  messages: { role: string; content: McpContentBlock }[];
}

/** Options of one call. */
export interface McpCallOptions {
  /** Milliseconds without a result or a progress notification before the call fails. */
  timeoutMs: number;
  signal: AbortSignal;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

/**
 * The one interface the rest of the runtime sees of an MCP server: the SDK stays behind it (see
 * `sdk-connection.ts`) so its next major line replaces one file.
 */
export interface McpConnection {
  readonly server: string;
  listTools(): Promise<McpToolInfo[]>;
  /** Throws `McpCallError` when no result comes (crash, timeout, protocol error). */
  callTool(name: string, args: Record<string, unknown>, options: McpCallOptions): Promise<McpCallResult>;
  /** What the server declared at initialize: whether it has resources, prompts, and tells of tool changes. */
  capabilities(): { resources: boolean; prompts: boolean; toolsListChanged: boolean };
  listResources(signal: AbortSignal): Promise<McpResourceInfo[]>;
  /** The resource's contents as content blocks (`type: "resource"`). */
  readResource(uri: string, signal: AbortSignal): Promise<McpContentBlock[]>;
  listPrompts(signal: AbortSignal): Promise<McpPromptInfo[]>;
  getPrompt(name: string, args: Record<string, string>, signal: AbortSignal): Promise<McpPromptResult>;
  /** Calls `listener` with the server's new tool list after each `notifications/tools/list_changed`. */
  onToolsChanged(listener: (tools: McpToolInfo[]) => void): void;
  close(): Promise<void>;
}
