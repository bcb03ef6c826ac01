import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { open, readFile, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { sleep, throwIfAborted } from "../core/index.js";
import { LockTimeoutError } from "./lock-timeout-error.js";

/** Who holds a lock; written as JSON into the lock file. */
export interface LockOwner {
  /** Process id of the holder. */
  pid: number;
  /** Host name of the holder; a pid means nothing on another host. */
  host: string;
  /** The holder's start time as the kernel reports it (Linux), to tell a reused pid from the holder. */
  processStart: string | null;
  /** When the lock was taken (ms since the epoch). */
  acquiredAt: number;
  /** Random, to tell this holder's lock from a later one. */
  token: string;
}

/** Options for {@link acquireLock}. */
export interface LockOptions {
  /** Give up after this long. Default 60 s. */
  timeoutMs?: number;
  /** A holder whose liveness cannot be checked (another host) is stale after this long. Default 10 min. */
  staleAfterMs?: number;
  signal?: AbortSignal;
  /** Builds the error thrown on timeout, so each user keeps its own error code; default {@link LockTimeoutError}. */
  timeoutError?: (timeout: { file: string; waitedMs: number; holder: string }) => Error;
}

/** A held lock. */
export interface HeldLock {
  /** True when a stale lock (a holder that died) was broken to get this one: its work may be half done. */
  readonly recovered: boolean;
  release(): Promise<void>;
}

/** The start time of a process (field 22 of /proc/<pid>/stat), or null where that cannot be read. */
export function processStartTime(pid: number): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses; fields after it follow the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether a lock holder is gone. */
export function isStale(owner: LockOwner, now: number, staleAfterMs: number): boolean {
  if (owner.host !== hostname()) return now - owner.acquiredAt > staleAfterMs;
  if (!isAlive(owner.pid)) return true;
  if (owner.processStart !== null) {
    const current = processStartTime(owner.pid);
    if (current !== null && current !== owner.processStart) return true;
  }
  return false;
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid !== "number" || typeof value.token !== "string") return null;
    return {
      pid: value.pid,
      host: String(value.host ?? ""),
      processStart: value.processStart ?? null,
      acquiredAt: Number(value.acquiredAt ?? 0),
      token: value.token,
    };
  } catch {
    return null;
  }
}

async function tryCreate(file: string, content: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return true;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Removes a stale lock, but only the one we judged stale: under a short-lived breaker lock, the file is read again
 * and deleted only if it still holds the same content. Without the breaker, two waiters could both judge the old
 * lock stale, and the slower one would delete the lock the faster one had just taken.
 */
async function breakStale(file: string, staleContent: string): Promise<void> {
  const breaker = `${file}.break`;
  if (!(await tryCreate(breaker, String(process.pid)))) {
    // A breaker that lives for seconds belongs to a process that died while breaking.
    if ((await ageMs(breaker)) > 5_000) await unlink(breaker).catch(() => {});
    return;
  }
  try {
    if ((await readText(file)) === staleContent) await unlink(file).catch(() => {});
  } finally {
    await unlink(breaker).catch(() => {});
  }
}

const inProcess = new Map<string, Promise<void>>();

/**
 * Takes an exclusive lock on `file` (created with O_EXCL, holding its owner as JSON), shared safely between
 * processes: the checkpoint store and the audit log both use it. A lock whose holder has
 * died — pid gone, or the pid now belongs to a process started later — is broken; within one process, waiters
 * queue in memory instead of polling.
 */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<HeldLock> {
  const previous = inProcess.get(file) ?? Promise.resolve();
  let releaseQueue!: () => void;
  const queued = new Promise<void>((resolve) => {
    releaseQueue = resolve;
  });
  const chain = previous.then(() => queued);
  inProcess.set(file, chain);
  try {
    await previous;
    const held = await acquireFileLock(file, options);
    return {
      recovered: held.recovered,
      async release() {
        try {
          await held.release();
        } finally {
          releaseQueue();
          if (inProcess.get(file) === chain) inProcess.delete(file);
        }
      },
    };
  } catch (error) {
    releaseQueue();
    if (inProcess.get(file) === chain) inProcess.delete(file);
    throw error;
  }
}

async function acquireFileLock(file: string, options: LockOptions): Promise<HeldLock> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const staleAfterMs = options.staleAfterMs ?? 10 * 60_000;
  const started = Date.now();
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    processStart: processStartTime(process.pid),
    acquiredAt: Date.now(),
    token: randomBytes(8).toString("hex"),
  };
  let recovered = false;
  let delay = 2;
  for (;;) {
    throwIfAborted(options.signal);
    owner.acquiredAt = Date.now();
    const content = JSON.stringify(owner);
    if (await tryCreate(file, content)) {
      return {
        recovered,
        async release() {
          if ((await readText(file)) === content) await unlink(file).catch(() => {});
        },
      };
    }
    const existing = await readText(file);
    if (existing !== null) {
      const holder = parseOwner(existing);
      // An unparsable lock is one being written right now, or the remains of a crash between create and write.
      const stale = holder ? isStale(holder, Date.now(), staleAfterMs) : (await ageMs(file)) > 5_000;
      if (stale) {
        await breakStale(file, existing);
        recovered = true;
        continue;
      }
      if (Date.now() - started > timeoutMs) {
        const who = holder ? `pid ${holder.pid} on ${holder.host}` : "an unknown process";
        const timeout = { file, waitedMs: Date.now() - started, holder: who };
        throw options.timeoutError ? options.timeoutError(timeout) : new LockTimeoutError(timeout);
      }
    }
    await sleep(delay, options.signal);
    delay = Math.min(delay * 2, 50);
  }
}
