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
  close(): Promise<void>;
}
