// A writer process for the SQLite journal's crash tests:
//   node --import tsx crash-child.ts <db> <session> kill|exit thread|inline
// mode "kill": appends, flushes, prints "flushed <lastSeq>", appends more without flushing, then waits to be killed.
// mode "exit": appends without flushing (group commits of 64 events in flight) and exits at once: the exit hook
// must store the rest.

import { openSqliteJournal } from "../sqlite/sqlite-journal.js";
import { delta, started, turn } from "./sample-events.js";

const [file, sessionId, mode, writer] = process.argv.slice(2);
if (
  !file ||
  !sessionId ||
  (mode !== "kill" && mode !== "exit") ||
  (writer !== "thread" && writer !== "inline")
) {
  process.stderr.write("usage: crash-child.ts <db> <session> kill|exit thread|inline\n");
  process.exit(2);
}
const journal = openSqliteJournal({
  path: file,
  writer,
  flushIntervalMs: 60_000,
  maxPendingEvents: mode === "exit" ? 64 : 4096,
});
const session = await journal.acquire(sessionId);
session.append([started("/crash"), turn(0, "crash test")]);
for (let i = 0; i < 500; i++) session.append([delta(`before-${i}`)]);
if (mode === "exit") process.exit(0);
await session.flush();
process.stdout.write(`flushed ${session.lastSeq()}\n`);
for (let i = 0; i < 100; i++) session.append([delta(`after-${i}`)]);
setInterval(() => {}, 1_000);
