import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { McpServersConfig } from "../../mcp/index.js";
import { Runtime } from "../../runtime/index.js";
import { agentFieldsFrom } from "../agent-options.js";
import type { CliIO, CommandMain } from "../command.js";
import { sessionMcpServers, startSessionMcp } from "../mcp-session.js";
import { parseCommand } from "../parse-command.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art acp [options]

Runs art as an Agent Client Protocol (ACP) agent over stdio, for editors such as Zed: the editor starts it,
sends JSON-RPC on stdin and reads it on stdout (nothing else is written there; diagnostics go to stderr).
Sessions are ordinary art sessions: "art sessions" lists them and "art resume" continues them.

Options:
  -m, --model SPEC        openai:<model> | anthropic:<model> | openai-compatible:<model> | scripted:<file>
                          (default: $ART_MODEL, then config.toml's model)
      --base-url URL      API base URL (for openai-compatible)
      --sandbox MODE      The mode new sessions start in: read-only | workspace-write (default) | full-access
                          (the editor's mode switch changes it per session)
      --network MODE      none (default) | full
      --writable DIR      Extra writable directory (repeatable)
      --approval MODE     untrusted | on-request (default) | on-failure | never
      --rules FILE        Extra exec-policy rules (repeatable)
      --no-checkpoints    Do not snapshot the workspace at each turn
  -h, --help              Show this help

Approvals are asked in the editor: allow once, always (saves a rule to the project's .art/rules.toml, as the
terminal's [a] does) or reject.

Zed (settings.json):
  "agent_servers": {
    "art": { "type": "custom", "command": "art", "args": ["acp"],
             "env": { "ART_MODEL": "anthropic:claude-sonnet-4-5" } }
  }
`;

const FLAGS = {
  model: { type: "string", short: "m" },
  "base-url": { type: "string" },
  sandbox: { type: "string" },
  network: { type: "string" },
  writable: { type: "string", multiple: true },
  approval: { type: "string" },
  rules: { type: "string", multiple: true },
  "no-checkpoints": { type: "boolean" },
} as const;

/** Our version, from the package.json above this module (dist/cli/commands/ or the bundle's dist/bundle/). */
function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++, dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (manifest.name === "agent-runtime") return manifest.version ?? "0.0.0";
  }
  return "0.0.0";
}

/** `art acp`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, FLAGS, HELP, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`, "acp");
  // Checked once at start (a usage error the editor shows from stderr); the rest is per session's workspace.
  const first = await agentFieldsFrom(values, silent(io), "acp");
  if (!first.fields.model) {
    throw new UsageError(
      "No model: pass --model (e.g. anthropic:claude-sonnet-4-5) or set ART_MODEL in the editor's agent settings.",
      "acp",
    );
  }
  const runtime = await Runtime.open({ artHome: first.artHome, env: io.env });
  // A stray console.log anywhere would corrupt the protocol stream.
  const restoreConsole = consoleToStderr();
  const stop = stopOnSignals(io);
  try {
    const { serveAcp } = await import("../../acp/index.js");
    await serveAcp({
      runtime,
      input: io.stdin,
      output: io.stdout,
      log: (line) => io.stderr.write(`${line}\n`),
      version: packageVersion(),
      signal: stop.signal,
      setup: async (cwd: string, editorServers: McpServersConfig) => {
        const { fields, artHome, loaded } = await agentFieldsFrom({ ...values, cwd }, io, "acp");
        const model = fields.model;
        if (!model)
          throw new UsageError("No model for this workspace: pass --model or set ART_MODEL.", "acp");
        // The editor's servers over the configured ones: the user picked them for this session.
        const servers = { ...sessionMcpServers(loaded, io), ...editorServers };
        const mcp = await startSessionMcp(servers, { fields, cwd, artHome }, io);
        return { agent: { ...fields, name: "art", model }, tools: mcp.tools, close: () => mcp.close() };
      },
    });
    return stop.code();
  } finally {
    stop.dispose();
    restoreConsole();
    await runtime.close();
  }
};

/** `io` whose warnings are not printed: the first config read is only for the model check (sessions warn). */
function silent(io: CliIO): CliIO {
  return { ...io, stderr: new Writable({ write: (_chunk, _encoding, done) => done() }) };
}

function consoleToStderr(): () => void {
  const { log, info } = console;
  console.log = console.error;
  console.info = console.error;
  return () => {
    console.log = log;
    console.info = info;
  };
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * SIGINT, SIGTERM and SIGHUP (an editor stopping its agent) and a closed stdout end the connection: running turns
 * are cancelled and journaled as interrupted, so every session stays resumable. A second signal exits at once.
 */
function stopOnSignals(io: CliIO): { signal: AbortSignal; code(): number; dispose(): void } {
  const controller = new AbortController();
  let code = 0;
  const handlers = (Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]).map((name) => {
    const handler = () => {
      if (controller.signal.aborted) process.exit(code || SIGNAL_EXIT[name]);
      code = SIGNAL_EXIT[name];
      controller.abort(name);
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  const closed = () => {
    code ||= 141;
    controller.abort("stdout closed");
  };
  io.stdoutClosed?.addEventListener("abort", closed, { once: true });
  return {
    signal: controller.signal,
    code: () => code,
    dispose: () => {
      for (const off of handlers) off();
      io.stdoutClosed?.removeEventListener("abort", closed);
    },
  };
}
