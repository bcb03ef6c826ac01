import { fork } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { Redactor } from "../env/redactor.js";
import { AuditLog, sealRecord, sha256Hex } from "./audit-log.js";
import { auditFiles } from "./paths.js";
import { readAudit, verifyAudit } from "./verify.js";

let artHome: string;

beforeEach(() => {
  artHome = mkdtempSync(path.join(os.tmpdir(), "art-audit-"));
});

async function sampleLog(sessionId = "s1"): Promise<string> {
  const log = await AuditLog.open({ artHome, sessionId, cwd: "/work" });
  await log.append({ type: "tool.called", callId: "c1", tool: "shell", summary: "rm -rf build" });
  await log.append({
    type: "policy.decided",
    callId: "c1",
    decision: "ask",
    reason: "not known-safe",
    rule: "builtin:untrusted-default",
  });
  await log.append({ type: "approval.requested", callId: "c1", approvalId: "a1", reason: "not known-safe" });
  await log.append({
    type: "approval.decided",
    callId: "c1",
    approvalId: "a1",
    decision: "approve-once",
    by: "user",
  });
  await log.append({ type: "sandbox.denied", callId: "c1", detail: "landlock: write /etc" });
  await log.append({ type: "audit.closed", reason: "completed" });
  return auditFiles(artHome, sessionId).log;
}

function lines(file: string): string[] {
  return readFileSync(file, "utf8").trimEnd().split("\n");
}

function write(file: string, records: string[]): void {
  writeFileSync(file, `${records.join("\n")}\n`);
}

async function firstProblem() {
  const result = await verifyAudit({ artHome, sessionId: "s1" });
  expect(result.ok).toBe(false);
  return result.problems[0]!;
}

describe("audit log", () => {
  it("chains records: seq from 1, prev = hash of the record before, head names the last", async () => {
    const file = await sampleLog();
    const records = readAudit({ artHome, sessionId: "s1" });
    expect(records.map((record) => [record.seq, record.type])).toEqual([
      [1, "audit.opened"],
      [2, "tool.called"],
      [3, "policy.decided"],
      [4, "approval.requested"],
      [5, "approval.decided"],
      [6, "sandbox.denied"],
      [7, "audit.closed"],
    ]);
    expect(records[0]!.prev).toBe("0".repeat(64));
    for (let index = 1; index < records.length; index++)
      expect(records[index]!.prev).toBe(records[index - 1]!.hash);
    const raw = lines(file);
    expect(sha256Hex(`${raw[1]!.slice(0, raw[1]!.indexOf(',"hash"'))}}`)).toBe(records[1]!.hash);
    expect(await verifyAudit({ artHome })).toEqual({ ok: true, sessions: 1, records: 7, problems: [] });
  });

  it("reopening continues the chain instead of starting a new one", async () => {
    await sampleLog();
    const again = await AuditLog.open({ artHome, sessionId: "s1" });
    const record = await again.append({
      type: "tool.called",
      callId: "c2",
      tool: "read_file",
      summary: "README.md",
    });
    expect(record.seq).toBe(8);
    expect((await verifyAudit({ artHome, sessionId: "s1" })).ok).toBe(true);
  });

  it("records written files with their SHA-256, and null once deleted", async () => {
    const log = await AuditLog.open({ artHome, sessionId: "s1" });
    const target = path.join(artHome, "out.txt");
    writeFileSync(target, "hello\n");
    const written = await log.fileWritten({ callId: "c1", path: "out.txt", absolutePath: target });
    expect(written).toMatchObject({
      type: "file.written",
      path: "out.txt",
      sha256: sha256Hex("hello\n"),
      bytes: 6,
    });
    unlinkSync(target);
    expect(await log.fileWritten({ path: "out.txt", absolutePath: target })).toMatchObject({ sha256: null });
  });

  it("redacts secrets before they are written", async () => {
    const redactor = new Redactor({ API_TOKEN: "tok_1234567890abcdef" });
    const log = await AuditLog.open({ artHome, sessionId: "s1", redactor });
    await log.append({
      type: "tool.called",
      callId: "c1",
      tool: "shell",
      summary: "curl -H 'Authorization: tok_1234567890abcdef' x",
    });
    const text = readFileSync(auditFiles(artHome, "s1").log, "utf8");
    expect(text).not.toContain("tok_1234567890abcdef");
    expect(text).toContain("[REDACTED:API_TOKEN]");
  });

  it("keeps the chain whole when two processes append at once", async () => {
    await AuditLog.open({ artHome, sessionId: "s1" });
    const script = fileURLToPath(new URL("./audit-writer.fixture.ts", import.meta.url));
    const runs = [0, 1].map(
      (writer) =>
        new Promise<number>((resolve, reject) => {
          const child = fork(script, [artHome, "s1", String(writer), "40"], {
            execArgv: ["--import", "tsx"],
            stdio: "inherit",
          });
          child.on("error", reject);
          child.on("exit", (code) => resolve(code ?? 1));
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0]);
    const result = await verifyAudit({ artHome, sessionId: "s1" });
    expect(result).toEqual({ ok: true, sessions: 1, records: 81, problems: [] });
  });

  it("rejects session ids that would leave the audit directory", async () => {
    await expect(AuditLog.open({ artHome, sessionId: "../escape" })).rejects.toThrow(
      /cannot name an audit log/,
    );
  });
});

describe("audit tamper detection", () => {
  it("an edited record is named by its seq", async () => {
    const file = await sampleLog();
    const records = lines(file);
    records[2] = records[2]!.replace('"decision":"ask"', '"decision":"allow"');
    write(file, records);
    expect(await firstProblem()).toMatchObject({
      seq: 3,
      line: 3,
      problem: expect.stringContaining("edited"),
    });
  });

  it("an edited record with a recomputed hash breaks the next record's prev", async () => {
    const file = await sampleLog();
    const records = lines(file);
    const body = JSON.parse(records[2]!);
    body.decision = "allow";
    delete body.hash;
    records[2] = sealRecord(body).line;
    write(file, records);
    expect(await firstProblem()).toMatchObject({
      seq: 4,
      problem: expect.stringContaining("prev hash does not match record 3"),
    });
  });

  it("a deleted record is found where the sequence breaks", async () => {
    const file = await sampleLog();
    const records = lines(file);
    records.splice(3, 1);
    write(file, records);
    expect(await firstProblem()).toMatchObject({
      seq: 4,
      line: 4,
      problem: expect.stringContaining("expected seq 4 but found seq 5"),
    });
  });

  it("deleting the first record is caught", async () => {
    const file = await sampleLog();
    write(file, lines(file).slice(1));
    expect(await firstProblem()).toMatchObject({
      seq: 1,
      problem: expect.stringContaining("expected seq 1"),
    });
  });

  it("an inserted record is caught, even one with a valid seq and hash of its own", async () => {
    const file = await sampleLog();
    const records = lines(file);
    const previous = JSON.parse(records[2]!);
    const forged = sealRecord({
      v: 1,
      seq: 4,
      time: Date.now(),
      session: "s1",
      type: "approval.decided",
      callId: "c9",
      approvalId: "a9",
      decision: "approve-always",
      by: "user",
      prev: previous.hash,
    });
    records.splice(3, 0, forged.line);
    write(file, records);
    expect(await firstProblem()).toMatchObject({
      seq: 5,
      problem: expect.stringContaining("expected seq 5 but found seq 4"),
    });
  });

  it("reordered records are caught", async () => {
    const file = await sampleLog();
    const records = lines(file);
    [records[2], records[3]] = [records[3]!, records[2]!];
    write(file, records);
    expect(await firstProblem()).toMatchObject({ seq: 3, problem: expect.stringContaining("found seq 4") });
  });

  it("a truncated tail is caught through the head file", async () => {
    const file = await sampleLog();
    write(file, lines(file).slice(0, 5));
    expect(await firstProblem()).toMatchObject({
      seq: 6,
      problem: expect.stringContaining("cut off the end"),
    });
  });

  it("a torn last line is caught", async () => {
    const file = await sampleLog();
    writeFileSync(file, readFileSync(file, "utf8").slice(0, -20));
    expect(await firstProblem()).toMatchObject({ seq: 7, problem: expect.stringContaining("incomplete") });
  });

  it("a replaced last record (head not updated) is caught", async () => {
    const file = await sampleLog();
    const records = lines(file);
    const last = JSON.parse(records[6]!);
    last.reason = "nothing to see";
    delete last.hash;
    records[6] = sealRecord(last).line;
    write(file, records);
    expect(await firstProblem()).toMatchObject({ seq: 7, problem: expect.stringContaining("head") });
  });

  it("a deleted log or head is reported, and one bad session does not hide another", async () => {
    await sampleLog("s1");
    await sampleLog("s2");
    unlinkSync(auditFiles(artHome, "s2").head);
    unlinkSync(auditFiles(artHome, "s1").log);
    const result = await verifyAudit({ artHome });
    expect(result.problems.map((problem) => [problem.session, problem.problem.split(",")[0]])).toEqual([
      ["s1", "the log file is missing but its head file exists"],
      ["s2", "the head file is missing"],
    ]);
    expect((await verifyAudit({ artHome, sessionId: "nope" })).problems[0]?.problem).toContain(
      "no audit log",
    );
  });

  it("refuses to chain after a torn last record, with a typed error", async () => {
    const artHome = mkdtempSync(path.join(os.tmpdir(), "art-audit-torn-"));
    const log = await AuditLog.open({ artHome, sessionId: "torn" });
    await log.append({ type: "tool.called", callId: "c1", tool: "shell", summary: "ls" });
    appendFileSync(path.join(artHome, "audit", "torn.jsonl"), '{"v":1,"seq":3,"ti');
    await expect(
      log.append({ type: "tool.called", callId: "c2", tool: "shell", summary: "ls" }),
    ).rejects.toMatchObject({
      code: "audit.corrupt",
    });
  });
});
