import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

/** Mounts made by these tests, undone at the end. */
const mounts: string[] = [];
afterAll(() => {
  for (const target of mounts.reverse()) execFileSync("umount", [target]);
});

/** Runs `mount` (root only); false when this machine does not let the tests mount. */
function mount(...args: string[]): boolean {
  try {
    execFileSync("mount", args, { stdio: "ignore" });
    mounts.push(args.at(-1)!);
    return true;
  } catch {
    return false;
  }
}

function storedMaxSeq(home: string): number {
  const db = new Database(path.join(home, "art.db"), { readonly: true });
  try {
    return db.prepare("SELECT coalesce(max(seq), 0) FROM events").pluck().get() as number;
  } finally {
    db.close();
  }
}

function script(responses: unknown[]): string {
  const file = path.join(tempDir("art-script-"), "script.json");
  writeFileSync(file, JSON.stringify({ responses }));
  return file;
}

const canMount = (() => {
  const probe = tempDir("art-mount-probe-");
  if (!mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", probe)) return false;
  execFileSync("umount", [mounts.pop()!]);
  return true;
})();

/** A stack trace or a raw SQLite error instead of one typed error line. */
const UNTYPED = /\n\s+at .*:\d+|SqliteError|internal error/;

describe.skipIf(!canMount)("storage faults", () => {
  it("a full disk mid-session: one typed error, only stored events printed, no seq reused by the resume", async () => {
    const home = tempDir("art-full-");
    expect(mount("-t", "tmpfs", "-o", "size=400k", "tmpfs", home)).toBe(true);
    const dir = tempDir("art-ws-");
    const env = { ART_HOME: home, HOME: tempDir("art-user-") };
    const model = `scripted:${script([
      {
        toolCalls: [
          { name: "shell", arguments: { command: "head -c 3000000 /dev/zero | tr '\\0' x | fold -w 100" } },
        ],
      },
      { text: "Done." },
    ])}`;
    const run = await runArt(
      ["exec", "--json", "--sandbox", "full-access", "--model", model, "--cwd", dir, "fill the disk"],
      { env },
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).not.toMatch(UNTYPED);
    expect(run.stderr).not.toMatch(/kept in memory/);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("[store.write_failed]");
    const printed = jsonLines(run.stdout)
      .filter((event) => event.type !== "result")
      .map((event) => event.seq as number);
    const stored = storedMaxSeq(home);
    expect(printed.length).toBeGreaterThan(0);
    expect(Math.max(...printed)).toBeLessThanOrEqual(stored);

    // With space again, the session goes on after what was stored, never reusing a printed seq.
    execFileSync("mount", ["-o", "remount,size=64m", home]);
    const resumed = await runArt(["resume", "--last", "--any-workspace", "--json"], { env });
    expect(resumed.stderr).not.toMatch(UNTYPED);
    expect(resumed.code).toBe(0);
    const next = jsonLines(resumed.stdout)
      .filter((event) => event.type !== "result")
      .map((event) => event.seq as number);
    expect(Math.min(...next)).toBe(stored + 1);
    const all = jsonLines((await runArt(["show", "--last", "--any-workspace", "--json"], { env })).stdout);
    expect(all.map((event) => event.seq)).toEqual(all.map((_, index) => index + 1));
  });

  it("a read-only ART_HOME with a WAL present: sessions and show work, resume gives one typed error", async () => {
    const home = tempDir("art-ro-src-");
    const dir = tempDir("art-ws-");
    const env = { ART_HOME: home, HOME: tempDir("art-user-") };
    const model = `scripted:${script([{ toolCalls: [{ name: "shell", arguments: { command: "echo hi" } }] }, { text: "Done." }])}`;
    // Killed mid-session, so the WAL and its index stay behind.
    const crashed = await runArt(
      ["exec", "--sandbox", "full-access", "--model", model, "--cwd", dir, "task"],
      {
        env: { ...env, ART_TEST_KILL_AFTER: "tool.result" },
      },
    );
    expect(crashed.code).toBeNull();
    expect(existsSync(path.join(home, "art.db-wal"))).toBe(true);
    const readOnly = tempDir("art-ro-");
    mkdirSync(readOnly, { recursive: true });
    expect(mount("--bind", home, readOnly)).toBe(true);
    execFileSync("mount", ["-o", "remount,ro,bind", readOnly]);
    const roEnv = { ...env, ART_HOME: readOnly };

    const sessions = await runArt(["sessions", "--json"], { env: roEnv });
    expect(sessions.stderr).not.toMatch(UNTYPED);
    expect(sessions.code).toBe(0);
    expect(jsonLines(sessions.stdout)[0]).toMatchObject({ status: "interrupted", turns: 1 });
    const show = await runArt(["show", "--last", "--any-workspace", "--json"], { env: roEnv });
    expect(show.stderr).not.toMatch(UNTYPED);
    expect(show.code).toBe(0);
    expect(jsonLines(show.stdout).some((event) => event.type === "tool.result")).toBe(true);

    const resume = await runArt(["resume", "--last", "--any-workspace"], { env: roEnv });
    expect(resume.code).not.toBe(0);
    expect(resume.stderr).not.toMatch(UNTYPED);
    expect(resume.stderr.trim().split("\n")).toHaveLength(1);
    expect(resume.stderr).toContain("[store.read_only]");
    // Nothing was lost: with write access the same session resumes and completes.
    const writable = await runArt(["resume", "--last", "--any-workspace"], { env });
    expect(writable.code).toBe(0);
  });
});
