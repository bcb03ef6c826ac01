import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ART_BIN } from "./run-art.js";

/** How one `art` process of a chaos run ended. */
export interface ChaosStep {
  /** True when it was killed (it reached the target seq); false when it exited first. */
  killed: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The highest seq stored in the journal at `dbFile`, 0 while there is none (read-only, never blocks the writer). */
export function storedSeq(dbFile: string): number {
  if (!existsSync(dbFile)) return 0;
  let db: Database.Database | undefined;
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true });
    return (db.prepare("SELECT coalesce(max(seq), 0) FROM events").pluck().get() as number) ?? 0;
  } catch {
    // Created but not yet migrated, or mid-checkpoint: nothing to count yet.
    return 0;
  } finally {
    db?.close();
  }
}

/** When to kill: once the journal holds `seq` events, or once `check` (an effect appearing) says so. */
export type KillMoment = { seq: number } | { check: () => boolean };

/**
 * Runs `art args` in its own process group and SIGKILLs the whole group at `killAt`: the moment the journal holds
 * that many events (a read-only connection polled every couple of milliseconds), or the moment an effect appears,
 * so kill moments are anchored to progress, never to wall-clock sleeps. Without `killAt` it runs to the end.
 */
export function runArtUntil(
  args: string[],
  options: { env: NodeJS.ProcessEnv; artHome: string; killAt?: KillMoment; timeoutMs?: number },
): Promise<ChaosStep> {
  const dbFile = path.join(options.artHome, "art.db");
  const { killAt } = options;
  const due = (): boolean =>
    killAt === undefined ? false : "seq" in killAt ? storedSeq(dbFile) >= killAt.seq : killAt.check();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ART_BIN, ...args], {
      env: { ...process.env, ...options.env, ART_HOME: options.artHome },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let killed = false;
    let exited = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const killGroup = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`art ${args.join(" ")} did not finish\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    const watch = () => {
      if (exited || killAt === undefined) return;
      if (due()) {
        killed = true;
        killGroup();
        return;
      }
      setTimeout(watch, 2);
    };
    watch();
    child.on("error", reject);
    child.on("close", (code) => {
      exited = true;
      clearTimeout(timer);
      // Whatever else ran in the group (a command the kill raced with) goes too.
      killGroup();
      resolve({ killed, code, stdout, stderr });
    });
  });
}
