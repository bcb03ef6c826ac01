import { McpAuthError, McpCallError } from "./errors/index.js";
import type {
  McpCallOptions,
  McpCallResult,
  McpConnection,
  McpContentBlock,
  McpPromptInfo,
  McpPromptResult,
  McpResourceInfo,
  McpToolInfo,
} from "./mcp-connection.js";
import { readStoredAuth } from "./oauth-store.js";
import type { McpServerConfig } from "./server-config.js";

/** How a stdio server's process is started: the sandbox's launcher wrapping it, or the command as is. */
export type SpawnWrapper = (
  argv: string[],
  options: { cwd: string; env: Record<string, string> },
) => { file: string; args: string[]; env: Record<string, string | undefined> };

/** What connecting needs besides the server's config entry. */
export interface ConnectOptions {
  /** The workspace: default cwd of stdio servers. */
  cwd: string;
  /** Where `bearer_token_env_var` is read from. */
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  wrapSpawn?: SpawnWrapper;
  /**
   * Where `art mcp login` stored OAuth tokens (`$ART_HOME`): a streamable HTTP server without a bearer token then
   * gets them, refreshed by the SDK when refused; one that asks for auth without them fails with `McpAuthError`.
   */
  artHome?: string;
}

const STDERR_TAIL = 2000;

/**
 * Connects to one server through `@modelcontextprotocol/sdk`, loaded only now so sessions without MCP servers never
 * pay for it. Resolves once the initialize handshake is done.
 */
export async function connectWithSdk(
  server: string,
  config: McpServerConfig,
  options: ConnectOptions,
): Promise<McpConnection> {
  const [
    { Client },
    { StdioClientTransport, getDefaultEnvironment },
    { StreamableHTTPClientTransport },
    { ToolListChangedNotificationSchema },
  ] = await Promise.all([
    import("@modelcontextprotocol/sdk/client/index.js"),
    import("@modelcontextprotocol/sdk/client/stdio.js"),
    import("@modelcontextprotocol/sdk/client/streamableHttp.js"),
    import("@modelcontextprotocol/sdk/types.js"),
  ]);
  const client = new Client({ name: "agent-runtime", version: "0.1.0" }, { capabilities: {} });
  let stderrTail = "";
  let closed = false;
  client.onclose = () => {
    closed = true;
  };
  if (config.command) {
    const cwd = config.cwd ?? options.cwd;
    const env = { ...getDefaultEnvironment(), ...(config.env ?? {}) };
    const argv = [config.command, ...(config.args ?? [])];
    const spawn =
      options.wrapSpawn && config.sandboxed !== false
        ? options.wrapSpawn(argv, { cwd, env })
        : { file: config.command, args: config.args ?? [], env };
    const transport = new StdioClientTransport({
      command: spawn.file,
      args: spawn.args,
      env: Object.fromEntries(
        Object.entries(spawn.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
      cwd,
      stderr: "pipe",
    });
    // Kept for the error when the server dies: its last words say why.
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    await client.connect(transport, { signal: options.signal });
  } else {
    const headers: Record<string, string> = { ...(config.http_headers ?? {}) };
    if (config.bearer_token_env_var) {
      const token = options.env[config.bearer_token_env_var];
      if (!token)
        throw new Error(
          `the environment variable ${config.bearer_token_env_var} (its bearer token) is unset`,
        );
      headers.Authorization = `Bearer ${token}`;
    }
    const url = config.url as string;
    // Only with stored tokens: without them a 401 is the SDK's UnauthorizedError, which says to log in; with them
    // the SDK sends and refreshes them (a refresh that fails lands in the provider's refusal, which says the same).
    const authProvider =
      options.artHome && !config.bearer_token_env_var && readStoredAuth(options.artHome, server, url)?.tokens
        ? new (await import("./oauth-provider.js")).StoredOAuthProvider(options.artHome, server, url, {
            kind: "refuse",
          })
        : undefined;
    const transport = new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers },
      ...(authProvider ? { authProvider } : {}),
    });
    try {
      await client.connect(transport, { signal: options.signal });
    } catch (error) {
      throw authFailure(server, error) ?? error;
    }
  }

  const lastWords = () => stderrTail.trim().split("\n").slice(-3).join(" | ");
  const listTools = async (): Promise<McpToolInfo[]> => {
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, { signal: options.signal });
      tools.push(...(page.tools as McpToolInfo[]));
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  };
  const toolListeners: ((tools: McpToolInfo[]) => void)[] = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
    // A server that cannot list its tools any more keeps the list it had; the next call says what is wrong.
    const tools = await listTools().catch(() => undefined);
    if (tools) for (const listener of toolListeners) listener(tools);
  });
  const declared = () => client.getServerCapabilities() ?? {};
  return {
    server,
    listTools,
    capabilities() {
      const capabilities = declared();
      return {
        resources: Boolean(capabilities.resources),
        prompts: Boolean(capabilities.prompts),
        toolsListChanged: Boolean(capabilities.tools?.listChanged),
      };
    },
    async listResources(signal): Promise<McpResourceInfo[]> {
      const resources: McpResourceInfo[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listResources(cursor ? { cursor } : {}, { signal });
        resources.push(...(page.resources as McpResourceInfo[]));
        cursor = page.nextCursor;
      } while (cursor);
      return resources;
    },
    async readResource(uri, signal): Promise<McpContentBlock[]> {
      const result = await client.readResource({ uri }, { signal });
      return result.contents.map((resource) => ({
        type: "resource",
        resource: resource as NonNullable<McpContentBlock["resource"]>,
      }));
    },
    async listPrompts(signal): Promise<McpPromptInfo[]> {
      const prompts: McpPromptInfo[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listPrompts(cursor ? { cursor } : {}, { signal });
        prompts.push(...(page.prompts as McpPromptInfo[]));
        cursor = page.nextCursor;
      } while (cursor);
      return prompts;
    },
    async getPrompt(name, args, signal): Promise<McpPromptResult> {
      return (await client.getPrompt({ name, arguments: args }, { signal })) as McpPromptResult;
    },
    onToolsChanged(listener) {
      toolListeners.push(listener);
    },
    async callTool(
      name: string,
      args: Record<string, unknown>,
      call: McpCallOptions,
    ): Promise<McpCallResult> {
      if (closed) throw new McpCallError(server, name, "crashed", lastWords() || "it had already gone");
      try {
        const result = await client.callTool({ name, arguments: args }, undefined, {
          signal: call.signal,
          timeout: call.timeoutMs,
          resetTimeoutOnProgress: true,
          ...(call.onProgress ? { onprogress: call.onProgress } : {}),
        });
        return result as McpCallResult;
      } catch (error) {
        if (call.signal.aborted) throw error;
        const code = (error as { code?: unknown }).code;
        // -32001 RequestTimeout, -32000 ConnectionClosed in the SDK's ErrorCode.
        if (code === -32001) throw new McpCallError(server, name, "timed_out", `${call.timeoutMs / 1000} s`);
        if (closed || code === -32000) throw new McpCallError(server, name, "crashed", lastWords());
        throw new McpCallError(server, name, "protocol", (error as Error).message);
      }
    },
    async close(): Promise<void> {
      await client.close().catch(() => undefined);
    },
  };
}

/** The SDK's "unauthorized" (or our refusal inside its auth step) as our typed error; undefined for anything else. */
function authFailure(server: string, error: unknown): McpAuthError | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof McpAuthError) return cause;
    // The SDK's UnauthorizedError, or its StreamableHTTPError with the HTTP status as `code`.
    if (
      cause.name === "UnauthorizedError" ||
      (cause as { code?: unknown }).code === 401 ||
      /\b401\b|unauthori[sz]ed|"invalid_token"/i.test(cause.message)
    )
      return new McpAuthError(server, "needs OAuth authorisation", { cause: error });
  }
  return undefined;
}
