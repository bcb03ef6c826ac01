import { z } from "zod";

/**
 * One `[mcp_servers.NAME]` table of `config.toml`, Codex's keys: a stdio server (`command`) or a streamable HTTP
 * one (`url`). Unknown keys are errors, like everywhere in the config.
 */
export const McpServerConfig = z
  .strictObject({
    /** Program to start (stdio transport). */
    command: z.string().min(1).optional(),
    args: z.array(z.string()).optional(),
    /** Environment for the server process, over a minimal safe default. */
    env: z.record(z.string(), z.string()).optional(),
    /** Working directory of the server process (default: the workspace). */
    cwd: z.string().optional(),
    /** Streamable HTTP endpoint. */
    url: z.url().optional(),
    /** Name of the environment variable holding a bearer token for `url`. */
    bearer_token_env_var: z.string().min(1).optional(),
    /** Extra HTTP headers for `url`. */
    http_headers: z.record(z.string(), z.string()).optional(),
    /** False: configured but not started. */
    enabled: z.boolean().optional(),
    /** True: the session does not start when this server fails to. */
    required: z.boolean().optional(),
    /** Seconds to connect and list tools (default 30: cold `npx` starts are slow). */
    startup_timeout_sec: z.number().positive().optional(),
    /** Seconds a call may go without a result or progress notification (default 300). */
    tool_timeout_sec: z.number().positive().optional(),
    /**
     * False: run this stdio server as a plain child process instead of under the session's sandbox (default true:
     * it is code someone else wrote). Needed for servers that need the network while the session has none.
     */
    sandboxed: z.boolean().optional(),
    /** Only these tools reach the model. */
    enabled_tools: z.array(z.string()).optional(),
    /** These tools never reach the model (applied after `enabled_tools`). */
    disabled_tools: z.array(z.string()).optional(),
  })
  .refine((server) => Boolean(server.command) !== Boolean(server.url), {
    message: 'give exactly one of "command" (stdio) or "url" (streamable HTTP)',
  });
export type McpServerConfig = z.infer<typeof McpServerConfig>;

/** Every configured server by name. */
export const McpServersConfig = z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), McpServerConfig);
export type McpServersConfig = z.infer<typeof McpServersConfig>;

/** Defaults applied when a key is missing. */
export const MCP_DEFAULTS = {
  startupTimeoutSec: 30,
  toolTimeoutSec: 300,
  concurrency: 4,
  /** Tokens of MCP tool definitions listed as they are; above it they are deferred behind `mcp_tool_search`. */
  toolTokenBudget: 10_000,
} as const;
