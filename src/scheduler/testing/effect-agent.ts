import { appendFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { defineAgent } from "../../runtime/index.js";
import { tool } from "../../tools/index.js";

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
