import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { InvalidInputError } from "../../core/index.js";

const SESSION_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/** The audit directory: `$ART_HOME/audit/`. */
export function auditDir(artHome: string): string {
  return path.join(artHome, "audit");
}

/** The files of one session's log: records, head, lock, and the marker left when a write failed. */
export function auditFiles(
  artHome: string,
  sessionId: string,
): { log: string; head: string; lock: string; failed: string } {
  if (!SESSION_ID.test(sessionId) || sessionId.startsWith(".")) {
    throw new InvalidInputError(`Session id ${JSON.stringify(sessionId)} cannot name an audit log.`);
  }
  const dir = auditDir(artHome);
  return {
    log: path.join(dir, `${sessionId}.jsonl`),
    head: path.join(dir, `${sessionId}.head`),
    lock: path.join(dir, `${sessionId}.lock`),
    failed: path.join(dir, `${sessionId}.failed`),
  };
}

/** Sessions with an audit log (or a head or failure marker without one: a deleted or never written log), sorted. */
export function auditSessions(artHome: string): string[] {
  const dir = auditDir(artHome);
  if (!existsSync(dir)) return [];
  const ids = new Set<string>();
  for (const name of readdirSync(dir)) {
    const match = /^(.+)\.(jsonl|head|failed)$/.exec(name);
    if (match) ids.add(match[1]!);
  }
  return [...ids].sort();
}
