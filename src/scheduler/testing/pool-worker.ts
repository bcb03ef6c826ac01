// A pool in its own process, for the kill -9 test: `tsx pool-worker.ts <artHome> <dir> <tasks>` submits the
// tasks (ids task-0...), runs them 50 at a time, and is killed by the test while they run.
import { openEffectPool } from "./effect-agent.js";

const [artHome, dir, count] = process.argv.slice(2) as [string, string, string];
const { pool } = await openEffectPool(artHome, dir);
for (let i = 0; i < Number(count); i++)
  pool.submit({ kind: "session", agent: "effector", prompt: `task ${i}` }, { id: `task-${i}` });
process.stdout.write("submitted\n");
