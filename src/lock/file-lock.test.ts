import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock, type LockOwner, processStartTime } from "./file-lock.js";
import { LockTimeoutError } from "./lock-timeout-error.js";

let directory: string;
let lockFile: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), "art-lock-"));
  lockFile = path.join(directory, "lock");
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function writeOwner(owner: Partial<LockOwner>): void {
  const full: LockOwner = {
    pid: process.pid,
    host: hostname(),
    processStart: processStartTime(process.pid),
    acquiredAt: Date.now(),
    token: "someone-else",
    ...owner,
  };
  writeFileSync(lockFile, JSON.stringify(full));
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

describe("acquireLock", () => {
  it("excludes a second holder until the first releases", async () => {
    const first = await acquireLock(lockFile);
    expect(first.recovered).toBe(false);
    const owner = JSON.parse(readFileSync(lockFile, "utf8")) as LockOwner;
    expect(owner.pid).toBe(process.pid);
    let secondHeld = false;
    const second = acquireLock(lockFile).then((lock) => {
      secondHeld = true;
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(secondHeld).toBe(false);
    await first.release();
    const lock = await second;
    expect(secondHeld).toBe(true);
    await lock.release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it("breaks the lock of a process that died", async () => {
    writeOwner({ pid: deadPid() });
    const lock = await acquireLock(lockFile, { timeoutMs: 2_000 });
    expect(lock.recovered).toBe(true);
    await lock.release();
  });

  it.runIf(process.platform === "linux")(
    "breaks a lock whose pid was reused by a later process",
    async () => {
      writeOwner({ processStart: "1" });
      const lock = await acquireLock(lockFile, { timeoutMs: 2_000 });
      expect(lock.recovered).toBe(true);
      await lock.release();
    },
  );

  it("waits for a live holder, then gives up with a retryable error", async () => {
    writeOwner({});
    const error = await acquireLock(lockFile, { timeoutMs: 100 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as LockTimeoutError).isRetryable).toBe(true);
    // The live holder's lock is untouched.
    expect((JSON.parse(readFileSync(lockFile, "utf8")) as LockOwner).token).toBe("someone-else");
  });

  it("treats a lock from another host as stale only after its age limit", async () => {
    writeOwner({ host: "elsewhere", acquiredAt: Date.now() });
    await expect(acquireLock(lockFile, { timeoutMs: 80 })).rejects.toBeInstanceOf(LockTimeoutError);
    writeOwner({ host: "elsewhere", acquiredAt: Date.now() - 60_000 });
    const lock = await acquireLock(lockFile, { timeoutMs: 2_000, staleAfterMs: 30_000 });
    expect(lock.recovered).toBe(true);
    await lock.release();
  });

  it("never releases a lock it no longer owns", async () => {
    const lock = await acquireLock(lockFile);
    writeOwner({ token: "taken-over" });
    await lock.release();
    expect((JSON.parse(readFileSync(lockFile, "utf8")) as LockOwner).token).toBe("taken-over");
  });

  it("stops waiting when aborted", async () => {
    writeOwner({});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(acquireLock(lockFile, { signal: controller.signal })).rejects.toMatchObject({
      code: "aborted",
    });
  });
});
