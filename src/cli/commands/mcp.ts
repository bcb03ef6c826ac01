import path from "node:path";
import { loadEffectiveConfig } from "../../config/index.js";
import {
  addMcpServerToFile,
  allowedTools,
  loginMcpServer,
  type McpServerConfig,
  removeMcpServerFromFile,
  startMcpServers,
} from "../../mcp/index.js";
import { resolveArtHome } from "../../runtime/index.js";
import type { CommandMain } from "../command.js";
import { sessionMcpServers } from "../mcp-session.js";
import { parseCommand } from "../parse-command.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art mcp list [--json] [-C DIR]
       art mcp get NAME [--json] [-C DIR]
       art mcp test NAME [--json] [-C DIR]
       art mcp add NAME [--env K=V]... -- COMMAND [ARGS...]
       art mcp add NAME --url URL [--bearer-token-env-var VAR] [--header "NAME: VALUE"]...
       art mcp remove NAME
       art mcp login NAME [-C DIR]

The MCP servers a session in DIR would start: [mcp_servers.NAME] in $ART_HOME/config.toml and the project's
.art/config.toml (trusted projects only), and a trusted project's .mcp.json.
  list   every configured server, its transport and whether it is enabled/required
  get    one server's entry
  test   starts the server, lists its tools (after enabled_tools/disabled_tools) and how long that took
  add    writes [mcp_servers.NAME] to $ART_HOME/config.toml (appended: the rest of the file, comments included,
         stays as it is): a stdio server (the command after --, --env for its environment) or a streamable HTTP
         one (--url, its token read from the variable --bearer-token-env-var names, --header lines)
  remove takes [mcp_servers.NAME] out of $ART_HOME/config.toml, the rest as it was
  login  OAuth for a streamable HTTP server that asks for it: prints the URL to open in a browser, waits for the
         redirect on a 127.0.0.1 port, and stores the tokens (owner-only) in $ART_HOME/mcp-auth/NAME.json; sessions
         then use and refresh them
`;

const FLAGS = {
  json: { type: "boolean" },
  cwd: { type: "string", short: "C" },
  url: { type: "string" },
  env: { type: "string", multiple: true },
  header: { type: "string", multiple: true },
  "bearer-token-env-var": { type: "string" },
} as const;

const ADD_ONLY = ["url", "env", "header", "bearer-token-env-var"] as const;

/** `K=V` pairs (or `Name: value` for headers) as a record; a malformed one is a usage error naming the flag. */
function pairs(
  flag: string,
  items: string[] | undefined,
  separators: RegExp,
): Record<string, string> | undefined {
  if (!items?.length) return undefined;
  const record: Record<string, string> = {};
  for (const item of items) {
    const match = separators.exec(item);
    const key = match ? item.slice(0, match.index).trim() : "";
    if (!match || !key)
      throw new UsageError(
        `--${flag} takes ${flag === "header" ? '"Name: value"' : "KEY=VALUE"}; got "${item}".`,
        "mcp",
      );
    record[key] = item.slice(match.index + match[0].length).trim();
  }
  return record;
}

/** The entry `art mcp add` writes, from its flags and the command after `--`. */
function entryFrom(values: Record<string, unknown>, command: string[] | undefined): McpServerConfig {
  const url = values.url as string | undefined;
  if (url !== undefined && command !== undefined)
    throw new UsageError("Give either --url or a command after --, not both.", "mcp");
  if (url === undefined && !command?.length)
    throw new UsageError(
      "Give the server's command after -- (art mcp add NAME -- npx -y PKG) or --url URL.",
      "mcp",
    );
  const env = pairs("env", values.env as string[] | undefined, /=/);
  const headers = pairs("header", values.header as string[] | undefined, /:|=/);
  const tokenVar = values["bearer-token-env-var"] as string | undefined;
  if (url === undefined && (headers || tokenVar))
    throw new UsageError("--header and --bearer-token-env-var go with --url.", "mcp");
  if (url !== undefined && env)
    throw new UsageError("--env goes with a stdio server (a command after --), not --url.", "mcp");
  if (url !== undefined)
    return {
      url,
      ...(tokenVar ? { bearer_token_env_var: tokenVar } : {}),
      ...(headers ? { http_headers: headers } : {}),
    };
  const [program, ...args] = command as string[];
  return { command: program as string, ...(args.length ? { args } : {}), ...(env ? { env } : {}) };
}

/** `art mcp`. */
export const main: CommandMain = async (args, io) => {
  // Everything after `--` is the server's command line, its own flags included.
  const dash = args.indexOf("--");
  const command = dash < 0 ? undefined : args.slice(dash + 1);
  const parsed = parseCommand(dash < 0 ? args : args.slice(0, dash), FLAGS, HELP, io);
  if (!parsed) return 0;
  const [sub, name, ...rest] = parsed.positionals;
  if (sub !== "add" && (command !== undefined || ADD_ONLY.some((flag) => parsed.values[flag] !== undefined)))
    throw new UsageError(
      `--url, --env, --header, --bearer-token-env-var and -- go with "art mcp add".`,
      "mcp",
    );
  const configFile = path.join(resolveArtHome(io.env), "config.toml");
  if (sub === "add" || sub === "remove") {
    if (name === undefined || rest.length > 0)
      throw new UsageError(
        sub === "add"
          ? `Use art mcp add NAME -- COMMAND [ARGS...] or art mcp add NAME --url URL${rest.length ? ` (put the command after --; got "${rest[0]}")` : ""}.`
          : "Use art mcp remove NAME.",
        "mcp",
      );
    if (sub === "add") {
      await addMcpServerToFile(configFile, name, entryFrom(parsed.values, command));
      io.stdout.write(`Added MCP server "${name}" to ${configFile}.\n`);
      return 0;
    }
    if (!(await removeMcpServerFromFile(configFile, name)))
      throw new UsageError(`No MCP server "${name}" in ${configFile}.`, "mcp");
    io.stdout.write(`Removed MCP server "${name}" from ${configFile}.\n`);
    return 0;
  }
  const cwd = path.resolve(io.cwd, parsed.values.cwd ?? ".");
  const loaded = await loadEffectiveConfig(resolveArtHome(io.env), cwd);
  const servers = sessionMcpServers(loaded, io);
  const json = Boolean(parsed.values.json);
  const print = (value: unknown, text: string) => io.stdout.write(json ? `${JSON.stringify(value)}\n` : text);
  if (sub === "list" && name === undefined) {
    const rows = Object.entries(servers).map(([server, config]) => ({
      name: server,
      transport: config.url ? "http" : "stdio",
      target: config.url ?? [config.command, ...(config.args ?? [])].join(" "),
      enabled: config.enabled !== false,
      required: config.required === true,
    }));
    print(
      rows,
      rows.length
        ? rows
            .map(
              (row) =>
                `${row.name}\t${row.transport}\t${row.enabled ? "enabled" : "disabled"}${row.required ? "\trequired" : ""}\t${row.target}\n`,
            )
            .join("")
        : "No MCP servers configured.\n",
    );
    return 0;
  }
  if (sub === "login" && name !== undefined && rest.length === 0) {
    const config = servers[name];
    if (!config?.url)
      throw new UsageError(
        config
          ? `MCP server "${name}" is a stdio server; OAuth login is for streamable HTTP servers (url = ...).`
          : `No MCP server "${name}" is configured${Object.keys(servers).length ? ` (there are: ${Object.keys(servers).join(", ")})` : ""}.`,
        "mcp",
      );
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    try {
      const file = await loginMcpServer(name, config.url, {
        artHome: resolveArtHome(io.env),
        signal: stop.signal,
        show: (url) =>
          io.stdout.write(
            `Open this URL in a browser to authorise art for "${name}":\n${url}\nWaiting for the redirect...\n`,
          ),
      });
      io.stdout.write(`Logged in to "${name}"; its tokens are stored in ${file}.\n`);
      return 0;
    } finally {
      process.off("SIGINT", onSignal);
    }
  }
  if ((sub === "get" || sub === "test") && name !== undefined && rest.length === 0) {
    const config = servers[name];
    if (!config)
      throw new UsageError(
        `No MCP server "${name}" is configured${Object.keys(servers).length ? ` (there are: ${Object.keys(servers).join(", ")})` : ""}.`,
        "mcp",
      );
    if (sub === "get") {
      print({ name, ...config }, `[mcp_servers.${name}]\n${JSON.stringify(config, null, 2)}\n`);
      return 0;
    }
    const started = await startMcpServers(
      { [name]: { ...config, enabled: true, required: true } },
      { cwd, env: io.env, artHome: resolveArtHome(io.env) },
    );
    try {
      const [server] = started.servers;
      const tools = server ? allowedTools(config, server.tools) : [];
      const ms = Math.round(started.timings[name] ?? 0);
      print(
        { name, startup_ms: ms, tools: tools.map((entry) => entry.name) },
        `${name}: started and listed ${tools.length} tool${tools.length === 1 ? "" : "s"} in ${ms} ms\n${tools
          .map(
            (entry) =>
              `  ${entry.name}${entry.description ? ` — ${entry.description.split("\n")[0]}` : ""}\n`,
          )
          .join("")}`,
      );
      return 0;
    } finally {
      await started.close();
    }
  }
  throw new UsageError(
    sub && !["list", "get", "test", "login"].includes(sub)
      ? `Unknown sub-command "mcp ${sub}": use list, get NAME, test NAME, add NAME, remove NAME or login NAME.`
      : "Use art mcp list, art mcp get NAME, art mcp test NAME, art mcp add NAME, art mcp remove NAME or art mcp login NAME.",
    "mcp",
  );
};
