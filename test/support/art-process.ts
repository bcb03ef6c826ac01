import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { ART_BIN, REPO_ROOT } from "./run-art.js";

/** An `art` process running in the background, in its own process group, with what it has written so far. */
export interface ArtProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves when `check` holds (polled on output and every 25 ms); rejects with the output after `timeoutMs`. */
  waitFor(check: () => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or the signal name) once it has exited. */
  exited: Promise<number | string>;
}

/** Starts `art` with `args`; stdin is left open until the caller ends it. */
export function startArt(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ArtProcess {
  const child = spawn(process.execPath, [ART_BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("close", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async waitFor(check, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) {
          process.kill(-child.pid!, "SIGKILL");
          throw new Error(`timed out waiting\nstdout: ${stdout}\nstderr: ${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}
