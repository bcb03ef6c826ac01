import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteJournal, SCHEMA_VERSION } from "./index.js";
import { started } from "./testing/sample-events.js";
import { makeTempDir } from "./testing/temp-dir.js";

const temp = makeTempDir();
afterAll(() => temp.remove());
let counter = 0;
const newPath = () => path.join(temp.dir, `open-${++counter}`, "art.db");

/** Expects opening `file` to fail with `code`, leaving the file byte-for-byte as it was and creating no WAL. */
function expectRefused(file: string, code: string, options: { busyTimeoutMs?: number } = {}): Error {
  const before = readFileSync(file);
  let failure: unknown;
  try {
    openSqliteJournal({ path: file, ...options });
  } catch (error) {
    failure = error;
  }
  expect(failure).toMatchObject({ code });
  expect(readFileSync(file).equals(before)).toBe(true);
  expect(existsSync(`${file}-wal`)).toBe(false);
  return failure as Error;
}

async function createJournalDb(file: string): Promise<void> {
  const journal = openSqliteJournal({ path: file });
  await journal.append("s", [started()]);
  await journal.close();
}

describe("opening the SQLite journal", () => {
  it("creates missing directories and a versioned schema in WAL mode", async () => {
    const file = path.join(temp.dir, "deep", "er", "art.db");
    const journal = openSqliteJournal({ path: file });
    await journal.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(
      String(SCHEMA_VERSION),
    );
    db.close();
  });

  it("refuses a file that is not a database with store.corrupt, naming the path", () => {
    const file = newPath();
    mkdirSync(path.dirname(file));
    writeFileSync(file, "this is not a database\n".repeat(300));
    const error = expectRefused(file, "store.corrupt");
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/Move it aside/);
  });

  it("refuses a database whose schema pages are malformed with store.corrupt", async () => {
    const file = newPath();
    await createJournalDb(file);
    const bytes = readFileSync(file);
    bytes.fill(0xab, 100, 4096);
    writeFileSync(file, bytes);
    expectRefused(file, "store.corrupt");
  });

  it("refuses another program's SQLite database instead of adding tables to it", () => {
    const file = newPath();
    mkdirSync(path.dirname(file));
    const db = new Database(file);
    db.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY)");
    db.close();
    expect(expectRefused(file, "store.corrupt").message).toMatch(/another program/);
  });

  it("refuses a newer schema with store.newer_schema and a hint to upgrade", async () => {
    const file = newPath();
    await createJournalDb(file);
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.pragma("journal_mode = DELETE");
    db.close();
    const error = expectRefused(file, "store.newer_schema");
    expect(error).toMatchObject({ found: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION });
    expect(error.message).toMatch(/Upgrade art/);
  });

  it("reports a database locked beyond the busy timeout with store.locked, and opens once it is free", async () => {
    const file = newPath();
    await createJournalDb(file);
    const holder = new Database(file);
    holder.pragma("locking_mode = EXCLUSIVE");
    holder.exec("BEGIN EXCLUSIVE; INSERT INTO meta (key, value) VALUES ('held', 'yes')");
    // The busy timeout given is the one applied (and reported); how long SQLite waits is not this test's to time.
    expect(() => openSqliteJournal({ path: file, busyTimeoutMs: 100 })).toThrow(
      expect.objectContaining({
        code: "store.locked",
        isRetryable: true,
        message: expect.stringContaining("locked by another process for 100 ms"),
      }),
    );
    holder.exec("ROLLBACK");
    holder.close();
    const journal = openSqliteJournal({ path: file });
    expect(await journal.lastSeq("s")).toBe(1);
    await journal.close();
  });

  it("reports a directory that cannot be created with store.unavailable", () => {
    const blocker = path.join(temp.dir, "a-file");
    writeFileSync(blocker, "");
    expect(() => openSqliteJournal({ path: path.join(blocker, "sub", "art.db") })).toThrow(
      expect.objectContaining({ code: "store.unavailable" }),
    );
    const directory = path.join(temp.dir, "a-directory");
    mkdirSync(directory);
    expect(() => openSqliteJournal({ path: directory })).toThrow(
      expect.objectContaining({ code: "store.unavailable" }),
    );
  });
});
