import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../../config/index.js";
import { resolveArtHome } from "../../core/index.js";
import {
  buildSandboxPolicy,
  createSandboxTmpDir,
  explainSandboxDenial,
  NO_USERNS_ENV,
  namespacesDisabled,
  prepareSandboxedSpawn,
  removeSandboxTmpDir,
  SandboxMode,
  SandboxNetwork,
} from "../../sandbox/index.js";
import type { CliIO, CommandMain } from "../command.js";
import { UsageError } from "../usage-error.js";

const USAGE = `Usage: art sandbox [--mode M] [--network none|full] [--writable DIR]... -- CMD [ARGS...]

Runs one command in the kernel sandbox with the current directory as the workspace and exits with its exit code
(128 + N when a signal N ended it; 125 when the sandbox could not be applied).

Options:
  --mode M          read-only | workspace-write (default) | full-access
  --network N       none (default) | full
  --writable DIR    Another writable directory (repeatable)
  --help            Print this help

The command gets the same clean environment as under "art exec" (secrets such as OPENAI_API_KEY or GITHUB_TOKEN
are withheld; env_allow and env_set in config.toml apply) and the same denied reads (deny_read, allow_read).
Set ART_SANDBOX_NO_USERNS=1 to use the Landlock + seccomp fallback without namespaces.
`;

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const;

function parse(
  args: string[],
): { mode: SandboxMode; network: SandboxNetwork; writable: string[]; argv: string[] } | "help" {
  const separator = args.indexOf("--");
  const options = separator === -1 ? args : args.slice(0, separator);
  let values: { mode?: string; network?: string; writable?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: options,
      options: {
        mode: { type: "string" },
        network: { type: "string" },
        writable: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message, "sandbox");
  }
  if (values.help) return "help";
  const mode = SandboxMode.safeParse(values.mode ?? "workspace-write");
  if (!mode.success)
    throw new UsageError(`--mode must be one of ${SandboxMode.options.join(", ")}.`, "sandbox");
  const network = SandboxNetwork.safeParse(values.network ?? "none");
  if (!network.success) throw new UsageError("--network must be none or full.", "sandbox");
  const argv = separator === -1 ? [] : args.slice(separator + 1);
  if (argv.length === 0) throw new UsageError("Give the command after --.", "sandbox");
  return { mode: mode.data, network: network.data, writable: values.writable ?? [], argv };
}

function runChild(
  prepared: { file: string; args: string[]; env: NodeJS.ProcessEnv },
  cwd: string,
  io: CliIO,
) {
  const inherit = io.stdout === process.stdout && io.stderr === process.stderr && io.stdin === process.stdin;
  const child = spawn(prepared.file, prepared.args, {
    cwd,
    env: prepared.env,
    stdio: inherit ? "inherit" : ["pipe", "pipe", "pipe"],
  });
  let captured = "";
  if (!inherit) {
    io.stdin.pipe(child.stdin!).on("error", () => {});
    child.stdout!.on("data", (chunk: Buffer) => io.stdout.write(chunk));
    child.stderr!.on("data", (chunk: Buffer) => {
      io.stderr.write(chunk);
      captured = (captured + chunk.toString("utf8")).slice(-16_384);
    });
  }
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of SIGNALS) process.on(signal, forward);
  return new Promise<{ code: number; output: string }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      for (const name of SIGNALS) process.off(name, forward);
      if (!inherit) io.stdin.unpipe(child.stdin!);
      const number = signal ? (os.constants.signals[signal] ?? 0) : 0;
      resolve({ code: code ?? 128 + number, output: captured });
    });
  });
}

/** `art sandbox`: runs one command under the sandbox and passes its exit code through. */
export const main: CommandMain = async (args, io) => {
  const parsed = parse(args);
  if (parsed === "help") {
    io.stdout.write(USAGE);
    return 0;
  }
  const workspace = path.resolve(io.cwd);
  const artHome = resolveArtHome(io.env);
  const config = await loadConfig(artHome, workspace);
  const home = io.env.HOME;
  const resolvePath = (entry: string) =>
    entry.startsWith("~/") && home ? path.join(home, entry.slice(2)) : path.resolve(workspace, entry);
  const { buildChildEnv } = await import("../../security/index.js");
  const tmpDir = createSandboxTmpDir();
  try {
    const policy = buildSandboxPolicy({
      mode: parsed.mode,
      network: parsed.network,
      workspace,
      writableRoots: parsed.writable.map((dir) => path.resolve(workspace, dir)),
      artHome,
      tmpDir,
      ...(home && path.isAbsolute(home) ? { home } : {}),
      ...(config.deny_read ? { denyRead: config.deny_read.map(resolvePath) } : {}),
      ...(config.allow_read ? { allowRead: config.allow_read.map(resolvePath) } : {}),
    });
    // The same clean environment `art exec` gives its commands; the namespace switch still counts.
    const env = buildChildEnv(io.env, {
      ...(config.env_allow ? { allow: config.env_allow } : {}),
      set: { ...config.env_set, ...(namespacesDisabled(io.env) ? { [NO_USERNS_ENV]: "1" } : {}) },
    });
    const prepared = prepareSandboxedSpawn(parsed.argv, policy, { cwd: workspace, env });
    const result = await runChild(prepared, workspace, io);
    const explanation = explainSandboxDenial({ exitCode: result.code, output: result.output }, policy);
    if (explanation && result.output) io.stderr.write(`art sandbox: ${explanation}\n`);
    return result.code;
  } finally {
    removeSandboxTmpDir(tmpDir);
  }
};
