// A second process for the concurrency test: appends `count` records to a session's audit log.
import { AuditLog } from "./audit-log.js";

const [artHome, sessionId, writer, count] = process.argv.slice(2);
const log = await AuditLog.open({ artHome: artHome!, sessionId: sessionId! });
for (let index = 0; index < Number(count); index++) {
  await log.append({
    type: "tool.called",
    callId: `w${writer}-${index}`,
    tool: "shell",
    summary: `echo ${index}`,
  });
}
