import { existsSync, readFileSync } from "node:fs";
import { sha256Hex } from "./audit-log.js";
import { auditFiles, auditSessions } from "./paths.js";
import { AuditChain, AuditEntry, AuditHead, type AuditRecord, GENESIS_HASH } from "./record.js";

/** The first thing wrong with one session's log. */
export interface AuditProblem {
  session: string;
  file: string;
  /** 1-based line of the first bad record (0 when the problem is the head file or a missing log). */
  line: number;
  /** The seq the bad record should have had. */
  seq: number;
  problem: string;
}

/** What {@link verifyAudit} found. */
export interface AuditVerification {
  ok: boolean;
  /** Sessions checked. */
  sessions: number;
  /** Records that verified. */
  records: number;
  /** The first bad record of every session that has one. */
  problems: AuditProblem[];
}

const HASH_FIELD = /,"hash":"([0-9a-f]{64})"\}$/;

/** Checks one session's log; returns how many records verified and the first problem, if any. */
export function verifySession(
  artHome: string,
  sessionId: string,
): { records: number; problem?: AuditProblem } {
  const files = auditFiles(artHome, sessionId);
  const fail = (line: number, seq: number, problem: string) => ({
    records: line > 0 ? line - 1 : 0,
    problem: { session: sessionId, file: files.log, line, seq, problem },
  });
  if (!existsSync(files.log)) return fail(0, 1, "the log file is missing but its head file exists");
  const text = readFileSync(files.log, "utf8");
  const lines = text.split("\n");
  const complete = lines.pop() === "";
  if (!complete)
    return fail(
      lines.length + 1,
      lines.length + 1,
      "the last record is incomplete (no newline): a write was cut short or the tail was edited",
    );
  let prev = GENESIS_HASH;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const number = index + 1;
    const sealed = HASH_FIELD.exec(line);
    if (!sealed)
      return fail(number, number, "the record has no hash field: it was edited or is not an audit record");
    if (sha256Hex(`${line.slice(0, sealed.index)}}`) !== sealed[1]) {
      return fail(number, number, "the record's content does not match its hash: it was edited");
    }
    let record: AuditRecord;
    try {
      const data = JSON.parse(line);
      AuditChain.parse(data);
      AuditEntry.parse(data);
      record = data as AuditRecord;
    } catch {
      return fail(number, number, "the record is not valid JSON or not a valid audit record");
    }
    if (record.seq !== number) {
      return fail(
        number,
        number,
        `expected seq ${number} but found seq ${record.seq}: records were deleted, inserted or reordered`,
      );
    }
    if (record.session !== sessionId)
      return fail(number, number, `the record belongs to session ${record.session}`);
    if (record.prev !== prev) {
      return fail(
        number,
        number,
        `its prev hash does not match record ${number - 1}: one of the two was replaced`,
      );
    }
    if (number === 1 && record.type !== "audit.opened")
      return fail(1, 1, "the first record is not audit.opened: the start of the log was removed");
    prev = record.hash;
  }
  const records = lines.length;
  if (!existsSync(files.head))
    return {
      records,
      problem: {
        session: sessionId,
        file: files.head,
        line: 0,
        seq: records + 1,
        problem: "the head file is missing, so a cut-off tail cannot be ruled out",
      },
    };
  let head: AuditHead;
  try {
    head = AuditHead.parse(JSON.parse(readFileSync(files.head, "utf8")));
  } catch {
    return {
      records,
      problem: {
        session: sessionId,
        file: files.head,
        line: 0,
        seq: records + 1,
        problem: "the head file is damaged",
      },
    };
  }
  if (head.seq > records) {
    return {
      records,
      problem: {
        session: sessionId,
        file: files.log,
        line: records + 1,
        seq: records + 1,
        problem: `the log ends at seq ${records} but the head says ${head.seq}: records were cut off the end`,
      },
    };
  }
  if (head.seq < records || head.hash !== prev) {
    return {
      records,
      problem: {
        session: sessionId,
        file: files.head,
        line: head.seq,
        seq: head.seq,
        problem: `the head (seq ${head.seq}) does not match the last record (seq ${records}): the head or the tail was replaced`,
      },
    };
  }
  return { records };
}

/** Verifies one session's audit log, or every session's. */
export async function verifyAudit(options: {
  artHome: string;
  sessionId?: string;
}): Promise<AuditVerification> {
  const sessions = options.sessionId ? [options.sessionId] : auditSessions(options.artHome);
  const result: AuditVerification = { ok: true, sessions: sessions.length, records: 0, problems: [] };
  for (const session of sessions) {
    const files = auditFiles(options.artHome, session);
    if (options.sessionId && !existsSync(files.log) && !existsSync(files.head)) {
      result.problems.push({
        session,
        file: files.log,
        line: 0,
        seq: 1,
        problem: "there is no audit log for this session",
      });
      continue;
    }
    const { records, problem } = verifySession(options.artHome, session);
    result.records += records;
    if (problem) result.problems.push(problem);
  }
  result.ok = result.problems.length === 0;
  return result;
}

/** Reads a session's records (without verifying them; use {@link verifyAudit}). */
export function readAudit(options: { artHome: string; sessionId: string }): AuditRecord[] {
  const { log } = auditFiles(options.artHome, options.sessionId);
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as AuditRecord);
}
