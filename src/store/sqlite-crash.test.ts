import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteJournal } from "./index.js";
import { collect, delta, started, turn } from "./testing/sample-events.js";
import { makeTempDir } from "./testing/temp-dir.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const child = path.join(here, "testing", "crash-child.ts");
const temp = makeTempDir();
afterAll(() => temp.remove());

/** Runs the crash child; in mode `kill`, SIGKILLs it as soon as it reports its flush. */
function runChild(
  file: string,
  mode: "kill" | "exit",
  writer: "thread" | "inline",
): Promise<{ flushedSeq: number; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, ["--import", "tsx", child, file, "s", mode, writer], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    let flushedSeq = 0;
    process_.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      const match = /flushed (\d+)\n/.exec(output);
      if (match && flushedSeq === 0) {
        flushedSeq = Number(match[1]);
        process_.kill("SIGKILL");
      }
    });
    process_.on("error", reject);
    process_.on("exit", (code, signal) => {
      if (mode === "exit" && code !== 0) reject(new Error(`child exited with ${code}`));
      else resolve({ flushedSeq, signal });
    });
  });
}

const expectedBeforeFlush = [
  started("/crash"),
  turn(0, "crash test"),
  ...Array.from({ length: 500 }, (_, i) => delta(`before-${i}`)),
];

describe.each(["thread", "inline"] as const)("SqliteJournal across process death (%s writer)", (writer) => {
  it("keeps everything flushed before a kill -9, and takes over the dead writer's lease", async () => {
    const file = path.join(temp.dir, `kill-${writer}`, "art.db");
    const { flushedSeq, signal } = await runChild(file, "kill", writer);
    expect(signal).toBe("SIGKILL");
    expect(flushedSeq).toBe(502);
    const journal = openSqliteJournal({ path: file });
    const events = await collect(journal.read("s"));
    expect(events.slice(0, flushedSeq).map((event) => event.event)).toEqual(expectedBeforeFlush);
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    const next = await journal.append("s", [delta("resumed")]);
    expect(next[0]?.seq).toBe(events.length + 1);
    await journal.close();
  });

  it("commits pending events when the process exits without closing the journal", async () => {
    const file = path.join(temp.dir, `exit-${writer}`, "art.db");
    await runChild(file, "exit", writer);
    const journal = openSqliteJournal({ path: file });
    expect((await collect(journal.read("s"))).map((event) => event.event)).toEqual(expectedBeforeFlush);
    // Nobody holds the session any more: it shows as interrupted, not running.
    expect(await journal.getSession("s")).toMatchObject({
      title: "crash test",
      turns: 1,
      status: "interrupted",
    });
    expect((await journal.append("s", [delta("next")]))[0]?.seq).toBe(503);
    await journal.close();
  });
});
