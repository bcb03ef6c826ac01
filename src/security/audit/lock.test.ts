import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp-workspace.js";
import { withLock } from "./lock.js";

/** A lock file's content as the shared file lock writes it. */
function owner(pid: number): string {
  return JSON.stringify({ pid, host: hostname(), processStart: null, acquiredAt: Date.now(), token: "t" });
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

describe("audit lock", () => {
  it("breaks at once a lock left by a process that died holding it", async () => {
    const dir = tempDir();
    const lock = path.join(dir, "s.lock");
    writeFileSync(lock, owner(deadPid()));
    // No time to wait: a lock that is not broken on the first look throws AuditLockError instead of running.
    expect(await withLock(lock, async () => "ran", 0)).toBe("ran");
    expect(existsSync(lock)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("waits for a live holder and times out with a typed error, leaving no files of its own", async () => {
    const dir = tempDir();
    const lock = path.join(dir, "s.lock");
    writeFileSync(lock, owner(process.ppid));
    await expect(withLock(lock, async () => "ran", 200)).rejects.toMatchObject({
      code: "audit.lock_timeout",
    });
    expect(readdirSync(dir)).toEqual(["s.lock"]);
  });

  it("serialises holders in one process", async () => {
    const lock = path.join(tempDir(), "s.lock");
    const order: string[] = [];
    const hold = (name: string) =>
      withLock(lock, async () => {
        order.push(`${name}+`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(`${name}-`);
      });
    await Promise.all([hold("a"), hold("b"), hold("c")]);
    for (let i = 0; i < order.length; i += 2) expect(order[i]!.slice(0, -1)).toBe(order[i + 1]!.slice(0, -1));
  });
});
