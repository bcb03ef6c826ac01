import { appendFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { defineAgent, Runtime } from "../../runtime/index.js";
import { tool } from "../../tools/index.js";
import { Pool } from "../pool.js";

/**
 * An agent whose one step calls `effect`, a write tool that appends its session id to `<dir>/effects.log` and then
 * waits a little (so a pool has tasks running when a test kills it), then says it is done.
 */
export function effectAgent(dir: string) {
  const script = path.join(dir, "script.json");
  writeFileSync(
    script,
    JSON.stringify({
      responses: [{ toolCalls: [{ name: "effect", arguments: {} }] }, { text: "Effect done." }],
    }),
  );
  const effect = tool({
    name: "effect",
    description: "Records one effect.",
    inputSchema: z.object({}),
    effects: "write",
    async execute(_args, context) {
      appendFileSync(path.join(dir, "effects.log"), `${context.sessionId}\n`);
      await new Promise((resolve) => setTimeout(resolve, 150));
      return "recorded";
    },
  });
  return defineAgent({
    name: "effector",
    model: `scripted:${script}`,
    tools: { builtins: "none", extra: [effect as never] },
    approval: "never",
    sandbox: "full-access",
    checkpoints: false,
  });
}

/**
 * The restart test's pool, the same in the process it kills and in the one that finishes the work: 50 at a time,
 * short leases (so the dead pool's claims expire quickly), the effect agent.
 */
export async function openEffectPool(
  artHome: string,
  dir: string,
): Promise<{ runtime: Runtime; pool: Pool }> {
  const runtime = await Runtime.open({ artHome, env: { ...process.env, HOME: artHome } });
  const pool = await Pool.open({
    runtime,
    agents: { effector: effectAgent(dir) },
    concurrency: 50,
    leaseMs: 1500,
    cwd: dir,
  });
  return { runtime, pool };
}
