// Embedding Agent Runtime: define an agent, run it on a copy of the buggy calculator, stream its events, then ask a
// follow-up. Run: node --import tsx examples/library.ts [model-spec]   (default: the bundled scripted model)
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineAgent, Runtime } from "agent-runtime";

const here = path.dirname(fileURLToPath(import.meta.url));
const model = process.argv[2] ?? `scripted:${path.join(here, "scripts", "buggy-calculator.json")}`;
const workspace = mkdtempSync(path.join(tmpdir(), "art-library-"));
cpSync(path.join(here, "buggy-calculator"), workspace, { recursive: true });

// What the agent is: a plain value, no I/O. The coding prompt is its default base; tools are the built-ins.
const fixer = defineAgent({ name: "fixer", model, sandbox: "workspace-write", approval: "never" });
// What the process has: the data directory and the journal, opened once.
const runtime = await Runtime.open();
const controller = new AbortController();
process.once("SIGINT", () => controller.abort());

const run = runtime.run(fixer, "Fix the failing test", { cwd: workspace, signal: controller.signal });
const tools: string[] = [];
for await (const { event } of run.events()) {
  if (event.type === "message.delta") process.stdout.write(event.delta);
  if (event.type === "step.completed" && event.text) process.stdout.write("\n");
  if (event.type === "tool.call") tools.push(event.name);
}
const result = await run.result;
console.log(
  JSON.stringify({ sessionId: result.sessionId, status: result.status, tools, usage: result.usage }),
);
await runtime.close();
process.exitCode = result.status === "completed" ? 0 : 1;
