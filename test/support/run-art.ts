import { spawn } from "node:child_process";
import path from "node:path";
import { assertBuildFresh } from "./dist-freshness.js";
import { REPO_ROOT } from "./repo-root.js";

export { REPO_ROOT };
/** The built CLI (tests run after `npm run build`). */
export const ART_BIN = path.join(REPO_ROOT, "bin", "art");

// Every test that spawns `art` imports this module: refuse to test a build older than the source.
assertBuildFresh(REPO_ROOT);

/** What a finished `art` process produced. */
export interface ArtResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `art` with `args` to completion. */
export function runArt(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {},
): Promise<ArtResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ART_BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`art ${args.join(" ")} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Parses `--json` output: one event object per line. */
export function jsonLines(stdout: string): Array<Record<string, unknown> & { type: string }> {
  return stdout
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}
