import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../../src/core/index.js";
import { Agent, type ApprovalRequest } from "../../src/orchestrator/index.js";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

function script(dir: string, command: string): string {
  const file = path.join(dir, "script.json");
  writeFileSync(
    file,
    JSON.stringify({
      responses: [{ toolCalls: [{ name: "shell", arguments: { command } }] }, { text: "done" }],
    }),
  );
  return `scripted:${file}`;
}

/** A write the exec policy cannot see (no redirection, no file operand it knows): only the sandbox can stop it. */
function writeWithNode(target: string): string {
  return `node -e "require('fs').writeFileSync(process.argv[1], 'x')" ${target}`;
}

describe("art exec runs every command in the sandbox by default", () => {
  it("a write outside the workspace is blocked and the model is told it was the sandbox", async () => {
    const home = tempDir("art-home-");
    const cwd = tempDir("art-ws-");
    const outside = tempDir("art-outside-");
    const target = path.join(outside, "pwned.txt");
    const result = await runArt(
      [
        "exec",
        "--json",
        "--model",
        script(home, `echo inside > ok.txt && ${writeWithNode(target)}`),
        "--cwd",
        cwd,
        "go",
      ],
      {
        env: { ART_HOME: home },
      },
    );
    expect(result.code).toBe(0);
    const events = jsonLines(result.stdout);
    expect(events.find((event) => event.type === "exec.begin")).toMatchObject({ sandbox: "workspace-write" });
    expect(existsSync(path.join(cwd, "ok.txt"))).toBe(true);
    expect(existsSync(target)).toBe(false);
    const end = events.find((event) => event.type === "exec.end");
    expect(String(end?.sandboxDenied)).toMatch(/^The sandbox refused access to .*workspace-write/);
    const toolResult = events.find((event) => event.type === "tool.result");
    expect(String(toolResult?.output)).toMatch(/Sandbox: /);
  });

  it("with approval on-failure, a command the sandbox blocked is rerun outside it once approved", async () => {
    const home = tempDir("art-home-");
    const cwd = tempDir("art-ws-");
    const outside = tempDir("art-outside-");
    const target = path.join(outside, "allowed.txt");
    const asked: ApprovalRequest[] = [];
    const agent = await Agent.create({
      artHome: home,
      model: script(home, writeWithNode(target)),
      approval: "on-failure",
      onApproval: async (request) => {
        asked.push(request);
        return "approve-once";
      },
    });
    const run = agent.start("go", { cwd });
    const events: AgentEvent[] = [];
    for await (const { event } of run.events()) events.push(event);
    expect((await run.result).status).toBe("completed");
    expect(asked).toHaveLength(1);
    expect(asked[0]?.details).toMatchObject({ unsandboxed: true });
    expect(existsSync(target)).toBe(true);
    const begins = events.filter((event) => event.type === "exec.begin");
    expect(begins.map((event) => event.type === "exec.begin" && event.sandbox)).toEqual([
      "workspace-write",
      "none (approved)",
    ]);
    await agent.close();
  });
});
