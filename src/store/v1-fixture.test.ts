import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteJournal, SCHEMA_VERSION } from "./index.js";
import { collect, delta } from "./testing/sample-events.js";
import { makeTempDir } from "./testing/temp-dir.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const manifest = JSON.parse(readFileSync(path.join(fixtures, "MANIFEST.json"), "utf8")) as Record<
  string,
  { schemaVersion: number; sha256: string }
>;
const temp = makeTempDir();
afterAll(() => temp.remove());

describe("the v1 database fixture", () => {
  it("is unchanged since it was written", () => {
    const sha256 = createHash("sha256")
      .update(readFileSync(path.join(fixtures, "v1.db")))
      .digest("hex");
    expect(sha256).toBe(manifest["v1.db"]?.sha256);
  });

  it("opens (migrated to the current schema) with every session and event as version 1 wrote them", async () => {
    const file = path.join(temp.dir, "copy", "art.db");
    mkdirSync(path.dirname(file));
    copyFileSync(path.join(fixtures, "v1.db"), file);
    const expected = JSON.parse(readFileSync(path.join(fixtures, "v1.expected.json"), "utf8"));
    const journal = openSqliteJournal({ path: file });
    const events: Record<string, unknown> = {};
    for (const id of Object.keys(expected.events)) events[id] = await collect(journal.read(id));
    // Version 1 stored "running" for a session that never ended; no process holds it, so it now reads as
    // interrupted (the status is derived from the lease holder), and only that differs.
    const sessions = expected.sessions.map((session: { status: string }) =>
      session.status === "running" ? { ...session, status: "interrupted" } : session,
    );
    expect({ sessions: (await journal.listSessions()).sessions, events }).toEqual({ ...expected, sessions });
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(manifest["v1.db"]!.schemaVersion);
    const [resumed] = await journal.append("01kaqz0001fixturesessb", [delta("still writable", "turn-b1")]);
    expect(resumed?.seq).toBe(7);
    await journal.close();
  });
});
