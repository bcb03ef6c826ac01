import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AuditWriteError } from "../errors/audit-write-error.js";
import { AuditLog } from "./audit-log.js";
import { auditFiles } from "./paths.js";
import { verifyAudit } from "./verify.js";

function home(): string {
  return mkdtempSync(path.join(os.tmpdir(), "art-audit-fail-"));
}

describe("a failed audit write", () => {
  it("throws AuditWriteError, leaves the failure marker, and verify no longer says ok", async () => {
    const artHome = home();
    const log = await AuditLog.open({ artHome, sessionId: "s1" });
    await log.append({ type: "tool.called", callId: "c1", tool: "shell", summary: "ls" });
    expect((await verifyAudit({ artHome, journal: false })).ok).toBe(true);
    const files = auditFiles(artHome, "s1");
    rmSync(files.log);
    mkdirSync(files.log);
    const error = await log
      .append({ type: "tool.called", callId: "c2", tool: "shell", summary: "rm x" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuditWriteError);
    expect(error).toMatchObject({ code: "audit.write_failed", systemCode: "EISDIR" });
    expect(JSON.parse(readFileSync(files.failed, "utf8"))).toMatchObject({
      v: 1,
      session: "s1",
      code: "EISDIR",
    });
    const result = await verifyAudit({ artHome, journal: false });
    expect(result.ok).toBe(false);
    expect(result.problems.map((problem) => problem.problem)).toEqual([
      "writing an audit record failed (EISDIR): records are missing from this log",
      "the log cannot be read (EISDIR): it was replaced or removed",
    ]);
  });

  it("a log that cannot even be opened is a typed error, not a stack trace", async () => {
    const artHome = home();
    mkdirSync(path.join(artHome, "audit"));
    mkdirSync(auditFiles(artHome, "s2").log);
    await expect(AuditLog.open({ artHome, sessionId: "s2" })).rejects.toMatchObject({
      code: "audit.write_failed",
    });
  });

  it("the audit directory replaced by a file: ENOTDIR, named", async () => {
    const artHome = home();
    const log = await AuditLog.open({ artHome, sessionId: "s3" });
    rmSync(path.join(artHome, "audit"), { recursive: true });
    writeBlocker(path.join(artHome, "audit"));
    const error = await log.append({ type: "audit.closed" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "audit.write_failed", systemCode: "ENOTDIR" });
    expect(String((error as Error).message)).toMatch(/the audit directory was replaced by a file/);
  });
});

/** A file where the audit directory should be: every write under it fails with ENOTDIR. */
function writeBlocker(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  rmSync(file, { recursive: true, force: true });
  writeFileSync(file, "");
}
