import { open, readFile, stat, unlink } from "node:fs/promises";
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
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) return true;
    return Date.now() - info.mtimeMs > STALE_MS;
  } catch {
    return false;
  }
}

/**
 * Runs `action` holding an exclusive lock file (created with O_EXCL, holding our pid). A lock whose process is
 * gone, or older than 30 s, is broken. Waits up to `timeoutMs`.
 */
export async function withLock<T>(
  lockPath: string,
  action: () => Promise<T>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (await isStale(lockPath)) {
        await unlink(lockPath).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new AuditLockError(lockPath);
      await sleep(Math.min(2 + attempt, 25));
    }
  }
  try {
    return await action();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
