import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { processStartTime } from "../lock/index.js";
import { openSqliteJournal } from "./index.js";
import { started, turn } from "./testing/sample-events.js";
import { makeTempDir } from "./testing/temp-dir.js";

const temp = makeTempDir();
afterAll(() => temp.remove());
let counter = 0;

/** A stored, never ended session `s` whose lease row then names `holder`. */
async function sessionHeldBy(holder: { pid: number; processStart: string | null } | undefined) {
  const file = path.join(temp.dir, `status-${++counter}`, "art.db");
  const writer = openSqliteJournal({ path: file });
  await writer.append("s", [started(), turn(0, "task")]);
  await writer.close();
  const db = new Database(file);
  db.prepare("DELETE FROM session_leases").run();
  if (holder) {
    db.prepare(
      "INSERT INTO session_leases (session_id, pid, host, token, acquired_at, process_start, fence, expires_at) VALUES ('s', ?, ?, 'other', 0, ?, 1, ?)",
    ).run(holder.pid, (await import("node:os")).hostname(), holder.processStart, Date.now() + 600_000);
  }
  db.close();
  return openSqliteJournal({ path: file });
}

describe("a session's status is running only while a live process holds it", () => {
  it("is running while this journal writes it", async () => {
    const journal = openSqliteJournal({ path: path.join(temp.dir, `live-${++counter}`, "art.db") });
    await journal.append("s", [started(), turn(0, "task")]);
    await journal.flush();
    expect((await journal.getSession("s"))?.status).toBe("running");
    expect((await journal.listSessions()).sessions[0]?.status).toBe("running");
    await journal.close();
  });

  it("is running while the lease holder lives, interrupted once it is gone or its pid was reused", async () => {
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      const pid = child.pid!;
      const live = await sessionHeldBy({ pid, processStart: processStartTime(pid) });
      expect((await live.getSession("s"))?.status).toBe("running");
      await live.close();
      // Same pid, another start time: the process holding it now is not the one that took the lease.
      const reused = await sessionHeldBy({ pid, processStart: "1" });
      expect((await reused.getSession("s"))?.status).toBe("interrupted");
      expect((await reused.listSessions()).sessions[0]?.status).toBe("interrupted");
      await reused.close();
    } finally {
      child.kill("SIGKILL");
    }
    const dead = spawnSync("true").pid!;
    const gone = await sessionHeldBy({ pid: dead, processStart: null });
    expect((await gone.getSession("s"))?.status).toBe("interrupted");
    await gone.close();
    const released = await sessionHeldBy(undefined);
    expect((await released.listSessions()).sessions[0]?.status).toBe("interrupted");
    // The dead holder's lease is taken over by the next writer, which then runs it.
    await released.append("s", [turn(1, "again")]);
    expect((await released.getSession("s"))?.status).toBe("running");
    await released.close();
  });
});
