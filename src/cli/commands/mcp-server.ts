import { statSync } from "node:fs";
import path from "node:path";
import {
  createArtMcpServer,
  type ResolvedAgent,
  SessionHost,
  type StartSessionArgs,
  serveHttp,
  ToolArgumentError,
} from "../../mcp-server/index.js";
import { defineAgent, Runtime, resolveArtHome } from "../../runtime/index.js";
import { agentFileNamed, withAgentFile } from "../agent-from-file.js";
import { agentFieldsFrom, type SessionFlagValues } from "../agent-options.js";
import type { CliIO, CommandMain } from "../command.js";
import { sessionMcpServers, startSessionMcp } from "../mcp-session.js";
import { parseCommand } from "../parse-command.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art mcp-server                       (MCP over stdio)
       art mcp-server --http PORT [--bearer-token-env-var NAME]

Serves art itself as an MCP server. Tools: start_session (a task in a directory, with model, agent, sandbox,
network and approval arguments: resolved and sandboxed as "art exec" does), continue_session, get_session,
read_events (paged), cancel_session. A session's approvals are asked through MCP elicitation when the client
declares it; otherwise they are denied, and get_session reports why.

Options:
      --http PORT                  Streamable HTTP at http://127.0.0.1:PORT/mcp instead of stdio (0: any free port;
                                   the URL is printed on stderr)
      --bearer-token-env-var NAME  With --http: every request must send "Authorization: Bearer $NAME"
  -h, --help                       Show this help

Stdout carries nothing but the protocol (stdio); diagnostics go to stderr.
`;

const FLAGS = { http: { type: "string" }, "bearer-token-env-var": { type: "string" } } as const;

/** Waits for SIGINT/SIGTERM or (stdio) the client closing stdin. */
function untilStopped(io: CliIO, stdio: boolean): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    if (stdio) {
      io.stdin.once("end", stop);
      io.stdin.once("close", stop);
    }
  });
}

/** A session's agent from the tool's arguments, exactly as `art exec` builds it from the same flags. */
function agentResolver(io: CliIO) {
  return async (args: StartSessionArgs): Promise<ResolvedAgent> => {
    const cwd = path.resolve(io.cwd, args.cwd);
    let isDir = false;
    try {
      isDir = statSync(cwd).isDirectory();
    } catch {}
    if (!isDir)
      throw new ToolArgumentError(
        "cwd",
        `${cwd} is not a directory.`,
        "Pass an existing workspace directory.",
      );
    const values: SessionFlagValues = {
      cwd,
      ...(args.model ? { model: args.model } : {}),
      ...(args.baseUrl ? { "base-url": args.baseUrl } : {}),
      ...(args.sandbox ? { sandbox: args.sandbox } : {}),
      ...(args.network ? { network: args.network } : {}),
      ...(args.approval ? { approval: args.approval } : {}),
    };
    const base = await agentFieldsFrom(values, io, "mcp-server");
    const { artHome, loaded } = base;
    let agentFile: Awaited<ReturnType<typeof agentFileNamed>> | undefined;
    if (args.agent) {
      try {
        agentFile = await agentFileNamed(args.agent, cwd, artHome);
      } catch (error) {
        throw new ToolArgumentError("agent", (error as Error).message);
      }
    }
    const fields = agentFile ? withAgentFile(base.fields, agentFile, values, cwd) : base.fields;
    const { model } = fields;
    if (!model)
      throw new ToolArgumentError(
        "model",
        "no model given, and the server has none ($ART_MODEL, config.toml's model).",
        "Pass model, e.g. anthropic:claude-sonnet-4-5.",
      );
    const mcp = await startSessionMcp(
      sessionMcpServers(loaded, io),
      { fields, cwd, artHome, toolTokenBudget: loaded.config.mcp_tool_token_budget },
      io,
    );
    try {
      const agent = defineAgent({
        ...fields,
        name: agentFile?.name ?? "art",
        model,
        ...(mcp.tools.length
          ? { tools: { ...fields.tools, extra: [...(fields.tools?.extra ?? []), ...mcp.tools] } }
          : {}),
      });
      return { agent, cwd, close: mcp.close };
    } catch (error) {
      await mcp.close();
      throw error;
    }
  };
}

/** `art mcp-server`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, FLAGS, HELP, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`, "mcp-server");
  const tokenVar = values["bearer-token-env-var"];
  if (tokenVar && values.http === undefined)
    throw new UsageError("--bearer-token-env-var goes with --http.", "mcp-server");
  const token = tokenVar ? io.env[tokenVar] : undefined;
  if (tokenVar && !token)
    throw new UsageError(
      `The environment variable ${tokenVar} (the bearer token) is unset or empty.`,
      "mcp-server",
    );
  const port = values.http === undefined ? undefined : Number(values.http);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw new UsageError(`--http takes a port number (0-65535); got "${values.http}".`, "mcp-server");

  const runtime = await Runtime.open({ artHome: resolveArtHome(io.env), env: io.env });
  const host = new SessionHost(runtime, agentResolver(io));
  const version = "0.1.0";
  try {
    if (port === undefined) {
      const { StdioServerTransport } = await import("@modelcontextprotocol/sdk/server/stdio.js");
      const server = createArtMcpServer(host, version);
      await server.connect(new StdioServerTransport(io.stdin, io.stdout));
      await untilStopped(io, true);
      await server.close();
    } else {
      const serving = await serveHttp({
        port,
        ...(token ? { bearerToken: token } : {}),
        newServer: () => createArtMcpServer(host, version),
      });
      io.stderr.write(`art mcp-server: listening on http://127.0.0.1:${serving.port}/mcp\n`);
      await untilStopped(io, false);
      await serving.close();
    }
  } finally {
    await host.close();
  }
  return 0;
};
