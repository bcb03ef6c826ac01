import { randomBytes } from "node:crypto";
import { link, readFile, stat, unlink, writeFile } from "node:fs/promises";
import { sleep } from "../../core/index.js";
import { AuditLockError } from "../errors/audit-lock-error.js";

const STALE_MS = 30_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, "utf8"), stat(lockPath)]);
    const pid = Number.parseInt(text, 10);
    // Locks are created whole (see withLock), so one without a pid was not made by us: judge it by age alone.
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) return true;
    return Date.now() - info.mtimeMs > STALE_MS;
  } catch {
    return false;
  }
}

/**
 * Runs `action` holding an exclusive lock file (hard-linked into place already holding our pid). A lock whose process is
 * gone, or older than 30 s, is broken. Waits up to `timeoutMs`.
 */
export async function withLock<T>(
  lockPath: string,
  action: () => Promise<T>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  // The lock appears with our pid already in it (written to a private file, then hard-linked into place), so a
  // process killed at any moment leaves either no lock or one whose owner can be checked.
  const candidate = `${lockPath}.${process.pid}.${randomBytes(6).toString("hex")}`;
  await writeFile(candidate, String(process.pid));
  for (let attempt = 0; ; attempt++) {
    try {
      await link(candidate, lockPath);
      await unlink(candidate).catch(() => undefined);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        await unlink(candidate).catch(() => undefined);
        throw error;
      }
      if (await isStale(lockPath)) {
        await unlink(lockPath).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) {
        await unlink(candidate).catch(() => undefined);
        throw new AuditLockError(lockPath);
      }
      await sleep(Math.min(2 + attempt, 25));
    }
  }
  try {
    return await action();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
