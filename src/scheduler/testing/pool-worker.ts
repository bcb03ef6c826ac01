// A pool in its own process, for the kill -9 test: `tsx pool-worker.ts <artHome> <dir> <tasks>` submits the
// tasks (ids task-0...), runs them 50 at a time, and is killed by the test while they run.
import { Runtime } from "../../runtime/index.js";
import { Pool } from "../index.js";
import { effectAgent } from "./effect-agent.js";

const [artHome, dir, count] = process.argv.slice(2) as [string, string, string];
const runtime = await Runtime.open({ artHome, env: { ...process.env, HOME: artHome } });
const pool = await Pool.open({
  runtime,
  agents: { effector: effectAgent(dir) },
  concurrency: 50,
  leaseMs: 1500,
  cwd: dir,
});
for (let i = 0; i < Number(count); i++)
  pool.submit({ kind: "session", agent: "effector", prompt: `task ${i}` }, { id: `task-${i}` });
process.stdout.write("submitted\n");
