import { resolveArtHome } from "../../core/index.js";
import { type AuditRecord, auditSessions, readAudit, verifyAudit } from "../../security/index.js";
import type { CommandMain } from "../command.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art audit verify [--session ID]
       art audit show [--session ID] [--json]

verify  Check the hash chain of every session's audit log (or one). Exits 1 naming the first bad record.
show    Print the audit records (all sessions, or one); --json prints them as stored, one per line.
`;

function describe(record: AuditRecord): string {
  switch (record.type) {
    case "audit.opened":
      return `opened by pid ${record.pid}${record.cwd ? ` in ${record.cwd}` : ""}`;
    case "tool.called":
      return `${record.callId} ${record.tool}: ${record.summary}`;
    case "policy.decided":
      return `${record.callId} ${record.decision}${record.rule ? ` [${record.rule}]` : ""}: ${record.reason}`;
    case "approval.requested":
      return `${record.callId} ${record.approvalId}: ${record.reason}`;
    case "approval.decided":
      return `${record.callId} ${record.approvalId}: ${record.decision} by ${record.by}`;
    case "sandbox.denied":
      return `${record.callId}: ${record.detail}`;
    case "file.written":
      return `${record.path} ${record.sha256 ?? "(deleted)"}`;
    case "audit.closed":
      return record.reason ?? "";
  }
}

/** `art audit`: verify or show the hash-chained audit log. */
export const main: CommandMain = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    io.stdout.write(HELP);
    return sub === undefined ? 2 : 0;
  }
  let sessionId: string | undefined;
  let json = false;
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index]!;
    if (arg === "--session") {
      sessionId = rest[++index];
      if (!sessionId) throw new UsageError("--session needs an id", "audit");
    } else if (arg === "--json" && sub === "show") json = true;
    else throw new UsageError(`unknown option "${arg}"`, "audit");
  }
  const artHome = resolveArtHome(io.env);
  if (sub === "verify") {
    const result = await verifyAudit({ artHome, ...(sessionId ? { sessionId } : {}) });
    for (const problem of result.problems) {
      io.stderr.write(
        `art audit: session ${problem.session}: record ${problem.seq} (${problem.file}${problem.line > 0 ? `:${problem.line}` : ""}): ${problem.problem}\n`,
      );
    }
    if (!result.ok) return 1;
    io.stdout.write(`ok: ${result.records} records in ${result.sessions} session(s) verified\n`);
    return 0;
  }
  if (sub === "show") {
    const sessions = sessionId ? [sessionId] : auditSessions(artHome);
    for (const session of sessions) {
      for (const record of readAudit({ artHome, sessionId: session })) {
        if (json) io.stdout.write(`${JSON.stringify(record)}\n`);
        else
          io.stdout.write(
            `${session} #${record.seq} ${new Date(record.time).toISOString()} ${record.type} ${describe(record)}\n`,
          );
      }
    }
    return 0;
  }
  throw new UsageError(`unknown subcommand "${sub}"`, "audit");
};
