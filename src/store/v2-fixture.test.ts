import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteJournal, SCHEMA_VERSION } from "./index.js";
import { collect, delta } from "./testing/index.js";
import { makeTempDir } from "./testing/temp-dir.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const manifest = JSON.parse(readFileSync(path.join(fixtures, "MANIFEST.json"), "utf8")) as Record<
  string,
  { schemaVersion: number; sha256: string }
>;
const temp = makeTempDir();
afterAll(() => temp.remove());
const held = "01kbv20001fixturesessb";

describe("the v2 database fixture (schema 2: leases without expiry or fencing token)", () => {
  it("is unchanged since it was written", () => {
    const sha256 = createHash("sha256")
      .update(readFileSync(path.join(fixtures, "v2.db")))
      .digest("hex");
    expect(sha256).toBe(manifest["v2.db"]?.sha256);
  });

  it("opens migrated, reads every event as written, and lets an old lease of another host expire", async () => {
    const file = path.join(temp.dir, "copy", "art.db");
    mkdirSync(path.dirname(file));
    copyFileSync(path.join(fixtures, "v2.db"), file);
    const expected = JSON.parse(readFileSync(path.join(fixtures, "v2.expected.json"), "utf8"));
    const journal = openSqliteJournal({ path: file });
    const events: Record<string, unknown> = {};
    for (const id of Object.keys(expected.events)) events[id] = await collect(journal.read(id));
    // Schema 2 respected the other host's lease forever; migrated, it expired a default lifetime after it was
    // taken, so the never-ended session reads as interrupted and can be resumed here.
    const sessions = expected.sessions.map((session: { status: string }) =>
      session.status === "running" ? { ...session, status: "interrupted" } : session,
    );
    expect({ sessions: (await journal.listSessions()).sessions, events }).toEqual({ ...expected, sessions });
    const writer = await journal.acquire(held);
    expect(writer.fencingToken).toBe(1);
    expect(writer.append([delta("resumed here", "turn-b0")])[0]?.seq).toBe(3);
    await journal.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT fence, expires_at FROM session_leases WHERE session_id = ?").get(held)).toEqual(
      {
        fence: 1,
        expires_at: 0,
      },
    );
    db.close();
  });
});
