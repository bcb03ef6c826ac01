import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { StoredEvent } from "../../core/index.js";
import { sha256Hex } from "./audit-log.js";
import { unauditedCalls } from "./journal-check.js";
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
  let text: string;
  try {
    text = readFileSync(files.log, "utf8");
  } catch (error) {
    return fail(
      0,
      1,
      `the log cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): it was replaced or removed`,
    );
  }
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

/** What verification reads from the session journal, to find calls that have no audit records. */
export interface AuditJournal {
  read(sessionId: string): AsyncIterable<StoredEvent>;
  listSessions(): Promise<{ sessions: { id: string }[] }>;
}

/** The failure marker's problem, when a write to this session's log failed. */
function failureProblem(files: ReturnType<typeof auditFiles>, session: string): AuditProblem | undefined {
  if (!existsSync(files.failed)) return undefined;
  let code = "";
  try {
    code = (JSON.parse(readFileSync(files.failed, "utf8")) as { code?: string | null }).code ?? "";
  } catch {
    // An empty marker: it was all that could be written.
  }
  return {
    session,
    file: files.failed,
    line: 0,
    seq: 0,
    problem: `writing an audit record failed${code ? ` (${code})` : ""}: records are missing from this log`,
  };
}

/** The records of a log that parse, whatever else is wrong with it (the chain is checked separately). */
function parsedRecords(artHome: string, session: string): AuditRecord[] {
  const { log } = auditFiles(artHome, session);
  let text: string;
  try {
    text = readFileSync(log, "utf8");
  } catch {
    return [];
  }
  return text.split("\n").flatMap((line) => {
    try {
      return line.trim() ? [JSON.parse(line) as AuditRecord] : [];
    } catch {
      return [];
    }
  });
}

async function journalProblems(
  journal: AuditJournal,
  artHome: string,
  session: string,
): Promise<AuditProblem[]> {
  const events: StoredEvent[] = [];
  for await (const event of journal.read(session)) events.push(event);
  const missing = unauditedCalls(events, parsedRecords(artHome, session));
  const first = missing[0];
  if (!first) return [];
  return [
    {
      session,
      file: auditFiles(artHome, session).log,
      line: 0,
      seq: 0,
      problem: `the journal has ${missing.length} judged call(s) with no audit record (first: ${first.callId}, ${first.tool}, journal event ${first.journalSeq}): records were deleted or never written`,
    },
  ];
}

/** Opens `$ART_HOME/art.db` for reading, when there is one. */
async function defaultJournal(
  artHome: string,
): Promise<(AuditJournal & { close(): Promise<void> }) | undefined> {
  const file = path.join(artHome, "art.db");
  if (!existsSync(file)) return undefined;
  const { openSqliteJournal } = await import("../../store/index.js");
  return openSqliteJournal({ path: file, writer: "inline" });
}

/**
 * Verifies one session's audit log, or every session's: each hash chain and head, the failure marker a failed
 * write leaves, and, against the session journal (`$ART_HOME/art.db` unless `journal` is given or `false`), that
 * every call the journal shows was judged has its audit records.
 */
export async function verifyAudit(options: {
  artHome: string;
  sessionId?: string;
  journal?: AuditJournal | false;
}): Promise<AuditVerification> {
  const opened = options.journal === undefined ? await defaultJournal(options.artHome) : undefined;
  const journal = options.journal === false ? undefined : (options.journal ?? opened);
  try {
    return await verifyWith(options.artHome, options.sessionId, journal);
  } finally {
    await opened?.close();
  }
}

async function verifyWith(
  artHome: string,
  sessionId: string | undefined,
  journal: AuditJournal | undefined,
): Promise<AuditVerification> {
  const listed = sessionId
    ? [sessionId]
    : [
        ...new Set([
          ...auditSessions(artHome),
          ...((await journal?.listSessions())?.sessions.map((item) => item.id) ?? []),
        ]),
      ].sort();
  const result: AuditVerification = { ok: true, sessions: 0, records: 0, problems: [] };
  for (const session of listed) {
    const files = auditFiles(artHome, session);
    const failure = failureProblem(files, session);
    if (failure) result.problems.push(failure);
    const fromJournal = journal ? await journalProblems(journal, artHome, session) : [];
    result.problems.push(...fromJournal);
    const hasLog = existsSync(files.log) || existsSync(files.head);
    if (!hasLog && !sessionId) {
      // A journal session that never had an audit log: only a problem when it had calls (reported above).
      if (fromJournal.length > 0 || failure) result.sessions++;
      continue;
    }
    result.sessions++;
    if (sessionId && !hasLog) {
      result.problems.push({
        session,
        file: files.log,
        line: 0,
        seq: 1,
        problem: "there is no audit log for this session",
      });
      continue;
    }
    const { records, problem } = verifySession(artHome, session);
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
