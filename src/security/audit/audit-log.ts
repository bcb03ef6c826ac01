import { createHash } from "node:crypto";
import { closeSync, createReadStream, openSync, writeSync } from "node:fs";
import { appendFile, mkdir, open, rename, writeFile } from "node:fs/promises";
import { ArtError } from "../../core/index.js";
import type { Redactor } from "../env/redactor.js";
import { AuditCorruptError } from "../errors/audit-corrupt-error.js";
import { AuditWriteError } from "../errors/audit-write-error.js";
import { withLock } from "./lock.js";
import { auditFiles } from "./paths.js";
import {
  AUDIT_FORMAT_VERSION,
  AuditEntry,
  type AuditHead,
  type AuditRecord,
  type AuditRecordBody,
  GENESIS_HASH,
} from "./record.js";

/** SHA-256 (hex) of a string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** SHA-256 (hex) of a file's content, streamed. */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** Renders a record as its line: the body, then its hash as the last field. */
export function sealRecord(body: AuditRecordBody): { line: string; hash: string } {
  const text = JSON.stringify(body);
  const hash = sha256Hex(text);
  return { line: `${text.slice(0, -1)},"hash":"${hash}"}`, hash };
}

/** The last complete line of a file, read from the end. */
async function lastLine(file: string): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return undefined;
    let chunk = 64 * 1024;
    for (;;) {
      const start = Math.max(0, size - chunk);
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      const text = buffer.toString("utf8").replace(/\n$/, "");
      const cut = text.lastIndexOf("\n");
      if (cut >= 0 || start === 0) return text.slice(cut + 1);
      chunk *= 4;
    }
  } finally {
    await handle.close();
  }
}

type Stringy = Record<string, unknown>;

/** The marker's format version. */
export const AUDIT_FAILURE_VERSION = 1;

/**
 * Leaves `<session>.failed` beside the log: the sign, for `verifyAudit`, that records are missing. Created with
 * O_EXCL first (an empty file needs no space and passes a file-size limit of 0), then filled in if that still
 * works; never throws, since it runs when writing already failed.
 */
function markFailed(file: string, sessionId: string, error: AuditWriteError): void {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, "wx", 0o600);
    const marker = {
      v: AUDIT_FAILURE_VERSION,
      session: sessionId,
      time: Date.now(),
      code: error.systemCode ?? null,
    };
    writeSync(descriptor, `${JSON.stringify(marker)}\n`);
  } catch {
    // Already marked, or nothing can be written at all: an empty marker (or none) is what is left.
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** Turns a failure to write into {@link AuditWriteError} (typed errors such as a lock timeout pass through). */
function writeFailure(file: string, error: unknown): ArtError {
  return ArtError.isInstance(error) ? error : new AuditWriteError(file, error);
}

/**
 * One session's append-only, hash-chained audit log: `$ART_HOME/audit/<session>.jsonl`, one JSON record per
 * line, each with `seq` and the SHA-256 of the record before it, plus `<session>.head` naming the last record.
 * Appends from several processes are serialised by a lock file and written with O_APPEND, so they interleave
 * whole and keep the chain intact. String fields pass through the redactor, when one is given.
 */
export class AuditLog {
  private constructor(
    readonly sessionId: string,
    private readonly files: { log: string; head: string; lock: string; failed: string },
    private readonly redactor: Redactor | undefined,
  ) {}

  /** Opens (and on first use creates, with an `audit.opened` record) a session's log. */
  static async open(options: {
    artHome: string;
    sessionId: string;
    redactor?: Redactor;
    cwd?: string;
  }): Promise<AuditLog> {
    const files = auditFiles(options.artHome, options.sessionId);
    const log = new AuditLog(options.sessionId, files, options.redactor);
    try {
      await mkdir(`${options.artHome}/audit`, { recursive: true, mode: 0o700 });
      await withLock(files.lock, async () => {
        if ((await lastLine(files.log)) === undefined) {
          await log.appendLocked({
            type: "audit.opened",
            pid: process.pid,
            ...(options.cwd ? { cwd: options.cwd } : {}),
          });
        }
      });
    } catch (error) {
      throw log.failed(error);
    }
    return log;
  }

  /**
   * Appends one record and returns it as stored. A write that fails (disk full, file-size limit, a removed or
   * replaced file) throws {@link AuditWriteError} and leaves the `<session>.failed` marker, so `verifyAudit`
   * reports the log as incomplete however the rest of it looks.
   */
  async append(entry: AuditEntry): Promise<AuditRecord> {
    try {
      return await withLock(this.files.lock, () => this.appendLocked(entry));
    } catch (error) {
      throw this.failed(error);
    }
  }

  private failed(error: unknown): ArtError {
    const typed = writeFailure(this.files.log, error);
    if (typed instanceof AuditWriteError) markFailed(this.files.failed, this.sessionId, typed);
    return typed;
  }

  /** Records that a file was written: its path and the SHA-256 of what is in it now (null when it is gone). */
  async fileWritten(options: { callId?: string; path: string; absolutePath: string }): Promise<AuditRecord> {
    let sha256: string | null = null;
    let bytes: number | undefined;
    try {
      sha256 = await sha256File(options.absolutePath);
      const handle = await open(options.absolutePath, "r");
      bytes = (await handle.stat()).size;
      await handle.close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    return this.append({
      type: "file.written",
      ...(options.callId ? { callId: options.callId } : {}),
      path: options.path,
      sha256,
      ...(bytes === undefined ? {} : { bytes }),
    });
  }

  private redact(entry: AuditEntry): AuditEntry {
    if (!this.redactor) return entry;
    const copy: Stringy = { ...entry };
    for (const [key, value] of Object.entries(copy)) {
      if (typeof value === "string" && key !== "type" && key !== "sha256")
        copy[key] = this.redactor.redact(value);
    }
    return copy as AuditEntry;
  }

  private async appendLocked(entry: AuditEntry): Promise<AuditRecord> {
    const parsed = AuditEntry.parse(this.redact(entry));
    const last = await lastLine(this.files.log);
    let seq = 1;
    let prev = GENESIS_HASH;
    if (last !== undefined) {
      let previous: { seq: number; hash: string };
      try {
        previous = JSON.parse(last) as { seq: number; hash: string };
      } catch {
        throw new AuditCorruptError(this.files.log);
      }
      seq = previous.seq + 1;
      prev = previous.hash;
    }
    const body = {
      v: AUDIT_FORMAT_VERSION,
      seq,
      time: Date.now(),
      session: this.sessionId,
      ...parsed,
      prev,
    } as AuditRecordBody;
    const { line, hash } = sealRecord(body);
    await appendFile(this.files.log, `${line}\n`, { mode: 0o600 });
    const head: AuditHead = { v: AUDIT_FORMAT_VERSION, session: this.sessionId, seq, hash };
    const temporary = `${this.files.head}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(head)}\n`, { mode: 0o600 });
    await rename(temporary, this.files.head);
    return { ...body, hash } as AuditRecord;
  }
}
