// Test helper run as a child process: snapshots a workspace, for the crash and concurrency tests.
// Usage: node --import tsx snapshot-child.ts <workspace> <artHome> <sessionId> <count>
import { Checkpointer } from "../index.js";

const [workspace, artHome, sessionId, count] = process.argv.slice(2);
if (!workspace || !artHome || !sessionId) {
  console.error("usage: snapshot-child <workspace> <artHome> <sessionId> [count]");
  process.exit(2);
}
const checkpointer = await Checkpointer.open({ workspace, artHome });
process.stdout.write("opened\n");
for (let turn = 0; turn < Number(count ?? 1); turn++) {
  const result = await checkpointer.snapshot({ sessionId, turn, phase: "turn-end" });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
