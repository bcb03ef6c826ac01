import { McpStartError } from "./errors/index.js";
import type { McpConnection } from "./mcp-connection.js";
import type { ConnectedServer } from "./mcp-tools.js";
import { type ConnectOptions, connectWithSdk } from "./sdk-connection.js";
import { MCP_DEFAULTS, type McpServersConfig } from "./server-config.js";

/** What {@link startMcpServers} gives back: the servers that came up, and what happened to the others. */
export interface StartedServers {
  servers: ConnectedServer[];
  /** Optional servers that failed: the session goes on without them; report each (stderr, event). */
  failures: McpStartError[];
  /** How long each server took to connect and list its tools (ms), by name. */
  timings: Record<string, number>;
  /** Closes every connection (stdio servers exit). */
  close(): Promise<void>;
}

/** Options of {@link startMcpServers}. */
export interface StartOptions extends Omit<ConnectOptions, "signal"> {
  /** How many servers start at once (default 4). */
  concurrency?: number;
  /** Replaces the SDK connection (tests of the runtime's own logic only). */
  connect?: typeof connectWithSdk;
}

async function startOne(
  name: string,
  config: McpServersConfig[string],
  options: StartOptions,
): Promise<{ connected: ConnectedServer; ms: number }> {
  const timeoutMs = (config.startup_timeout_sec ?? MCP_DEFAULTS.startupTimeoutSec) * 1000;
  const controller = new AbortController();
  const started = performance.now();
  let connection: McpConnection | undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within startup_timeout_sec = ${timeoutMs / 1000} s`));
    }, timeoutMs);
  });
  try {
    const connect = options.connect ?? connectWithSdk;
    const work = (async () => {
      connection = await connect(name, config, { ...options, signal: controller.signal });
      return { connection, tools: await connection.listTools() };
    })();
    const { tools } = await Promise.race([work, timeout]);
    return {
      connected: { connection: connection as McpConnection, config, tools },
      ms: performance.now() - started,
    };
  } catch (error) {
    // A server that answered late must not linger as a process nobody talks to.
    void connection?.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts every enabled server, at most `concurrency` at a time, each within its `startup_timeout_sec`. A `required`
 * server that fails throws {@link McpStartError} (after closing the others); an optional one is listed in `failures`.
 *
 * @example
 * const started = await startMcpServers(config.mcp_servers ?? {}, { cwd, env: process.env });
 * try { ... mcpTools(started.servers) ... } finally { await started.close(); }
 */
export async function startMcpServers(
  configs: McpServersConfig,
  options: StartOptions,
): Promise<StartedServers> {
  const queue = Object.entries(configs).filter(([, config]) => config.enabled !== false);
  const servers: ConnectedServer[] = [];
  const failures: McpStartError[] = [];
  const timings: Record<string, number> = {};
  let requiredFailure: McpStartError | undefined;
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [name, config] = next;
      try {
        const { connected, ms } = await startOne(name, config, options);
        servers.push(connected);
        timings[name] = ms;
      } catch (error) {
        const failure = new McpStartError(name, (error as Error).message, {
          required: config.required === true,
          cause: error,
        });
        if (config.required) requiredFailure ??= failure;
        else failures.push(failure);
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? MCP_DEFAULTS.concurrency, queue.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const close = async () => {
    await Promise.all(servers.map((server) => server.connection.close()));
  };
  if (requiredFailure) {
    await close();
    throw requiredFailure;
  }
  return { servers, failures, timings, close };
}
