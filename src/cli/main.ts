import { ArtError } from "../core/errors/art-error.js";
import { cliHint, parseArgsMessage } from "./cli-hints.js";
import { CLOSED_OUTPUT_EXIT, isClosedOutput, watchClosedOutput } from "./closed-output.js";
import type { CliIO, CommandMain } from "./command.js";

interface CommandEntry {
  summary: string;
  load: () => Promise<{ main: CommandMain }>;
  /**
   * The command stops itself when stdout closes (it watches `io.stdoutClosed`, e.g. to interrupt a turn cleanly);
   * any other command is ended with exit 141 the moment its reader goes away.
   */
  ownsClosedStdout?: boolean;
}

// Each command loads on first use so `art --help` stays cheap.
const COMMANDS: Record<string, CommandEntry> = {
  exec: {
    summary: "Run the agent on a task in a directory",
    load: () => import("./commands/exec.js"),
    ownsClosedStdout: true,
  },
  resume: {
    summary: "Continue a session from its journal",
    load: () => import("./commands/resume.js"),
    ownsClosedStdout: true,
  },
  sessions: { summary: "List sessions", load: () => import("./commands/sessions.js") },
  show: { summary: "Show a session's journal", load: () => import("./commands/show.js") },
  "apply-patch": { summary: "Apply a patch from stdin", load: () => import("./commands/apply-patch.js") },
  sandbox: { summary: "Run one command in the sandbox", load: () => import("./commands/sandbox.js") },
  doctor: { summary: "Report what this machine offers", load: () => import("./commands/doctor.js") },
  policy: { summary: "Check a command against the exec policy", load: () => import("./commands/policy.js") },
  audit: { summary: "Verify or show the audit log", load: () => import("./commands/audit.js") },
  checkpoints: {
    summary: "List, restore or prune checkpoints",
    load: () => import("./commands/checkpoints.js"),
  },
  diff: { summary: "Show what a session changed", load: () => import("./commands/diff.js") },
  rewind: {
    summary: "Restore files and fork the conversation at a turn",
    load: () => import("./commands/rewind.js"),
  },
  fork: { summary: "Fork a session's conversation", load: () => import("./commands/fork.js") },
  undo: {
    summary: "Revert the last turn of this workspace's newest session",
    load: () => import("./commands/undo.js"),
  },
  trust: { summary: "Trust a project's .art/ configuration", load: () => import("./commands/trust.js") },
  untrust: {
    summary: "Forget the trust in a project",
    load: () => import("./commands/trust.js").then((module) => ({ main: module.untrust })),
  },
  graph: {
    summary: "Run, inspect or draw a LangGraph-style graph",
    load: () => import("./commands/graph.js"),
  },
  batch: {
    summary: "Run many tasks from a JSON-lines file through a durable queue",
    load: () => import("./commands/batch.js"),
    ownsClosedStdout: true,
  },
  mcp: { summary: "List, show, test, add or remove MCP servers", load: () => import("./commands/mcp.js") },
  agents: {
    summary: "List the agent definitions and where each came from",
    load: () => import("./commands/agents.js"),
  },
  "mcp-server": {
    summary: "Serve art itself as an MCP server (stdio or streamable HTTP)",
    load: () => import("./commands/mcp-server.js"),
  },
  acp: {
    summary: "Serve the Agent Client Protocol on stdio (for editors such as Zed)",
    load: () => import("./commands/acp.js"),
    // Its stdout is the protocol stream: when the editor goes away the command ends its sessions itself.
    ownsClosedStdout: true,
  },
  index: {
    summary: "Build or update the workspace's code search index",
    load: () => import("./commands/index-workspace.js"),
  },
  search: { summary: "Search the workspace's code index", load: () => import("./commands/search.js") },
  memory: {
    summary: "List, edit or forget the agent's long-term memories",
    load: () => import("./commands/memory.js"),
  },
};

function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return [
    "art — Agent Runtime",
    "",
    "Usage: art <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Options:",
    "  --version  Print the version",
    "  --help     Print this help (art <command> --help for a command's own)",
    "",
    "Data lives in $ART_HOME (default ~/.art).",
    "",
  ].join("\n");
}

/** Resolves with the closed-stdout exit status once `signal` aborts. */
function closedStatus(signal: AbortSignal): Promise<number> {
  if (signal.aborted) return Promise.resolve(CLOSED_OUTPUT_EXIT);
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(CLOSED_OUTPUT_EXIT), { once: true }),
  );
}

/** The process's own terminal. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
    cwd: process.cwd(),
    stdoutClosed: watchClosedOutput(process),
  };
}

/** Runs the CLI and returns the exit code. Errors the user can act on print their message, not a stack. */
export async function runCli(args: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = args;
  const stdoutClosed = io.stdoutClosed ?? watchClosedOutput(io);
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(helpText());
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr.write(`art: unknown command "${name}". Run "art --help" for the list.\n`);
    return 2;
  }
  try {
    const { main } = await entry.load();
    const run = main(rest, { ...io, stdoutClosed });
    if (entry.ownsClosedStdout) return await run;
    // A reader that went away (`| head -1`) ends the command quietly, as it ends `git log`.
    return await Promise.race([run, closedStatus(stdoutClosed)]);
  } catch (error) {
    if (isClosedOutput(error) || (stdoutClosed.aborted && !entry.ownsClosedStdout)) return CLOSED_OUTPUT_EXIT;
    const nodeCode = (error as { code?: unknown }).code;
    if (typeof nodeCode === "string" && nodeCode.startsWith("ERR_PARSE_ARGS")) {
      // node:util parseArgs: an unknown flag, a missing value, a stray argument.
      io.stderr.write(
        `art ${name}: ${parseArgsMessage((error as Error).message)}. Run "art ${name} --help" for usage.\n`,
      );
      return 2;
    }
    if (ArtError.isInstance(error)) {
      const hint = cliHint(error);
      io.stderr.write(`art ${name}: ${error.message}${hint ? ` ${hint}` : ""} [${error.code}]\n`);
      return error.code === "usage" ? 2 : 1;
    }
    io.stderr.write(
      `art ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 70;
  }
}
