import path from "node:path";
import { loadEffectiveConfig } from "../../config/index.js";
import { allowedTools, startMcpServers } from "../../mcp/index.js";
import { resolveArtHome } from "../../runtime/index.js";
import type { CommandMain } from "../command.js";
import { sessionMcpServers } from "../mcp-session.js";
import { parseCommand } from "../parse-command.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art mcp list [--json] [-C DIR]
       art mcp get NAME [--json] [-C DIR]
       art mcp test NAME [--json] [-C DIR]

The MCP servers a session in DIR would start: [mcp_servers.NAME] in $ART_HOME/config.toml and the project's
.art/config.toml (trusted projects only), and a trusted project's .mcp.json.
  list   every configured server, its transport and whether it is enabled/required
  get    one server's entry
  test   starts the server, lists its tools (after enabled_tools/disabled_tools) and how long that took
`;

const FLAGS = { json: { type: "boolean" }, cwd: { type: "string", short: "C" } } as const;

/** `art mcp`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, FLAGS, HELP, io);
  if (!parsed) return 0;
  const [sub, name, ...rest] = parsed.positionals;
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
      { cwd, env: io.env },
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
    sub && !["list", "get", "test"].includes(sub)
      ? `Unknown sub-command "mcp ${sub}": use list, get NAME or test NAME.`
      : "Use art mcp list, art mcp get NAME or art mcp test NAME.",
    "mcp",
  );
};
