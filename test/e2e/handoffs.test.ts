import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

/**
 * `art exec --agent coder` with agent files that hand off, killed with SIGKILL (`ART_TEST_KILL_AFTER`) between the
 * transfer and the next model request. Each agent's script has only the responses it should give: the coder's
 * model asked after the handoff, or a second transfer, would exhaust a script and fail the run.
 */
function workspace() {
  const home = tempDir("art-home-");
  const dir = tempDir("art-ws-");
  const scripts = tempDir("art-script-");
  mkdirSync(path.join(dir, ".art", "agents"), { recursive: true });
  const agent = (name: string, extra: string, responses: unknown[]) => {
    const script = path.join(scripts, `${name}.json`);
    writeFileSync(script, JSON.stringify({ responses }));
    writeFileSync(
      path.join(dir, ".art", "agents", `${name}.md`),
      `---\nname: ${name}\ndescription: The ${name}\nmodel: scripted:${script}\n${extra}---\nYou are the ${name}.\n`,
    );
  };
  agent("coder", "tools: list_dir\nhandoffs: reviewer\n", [
    { toolCalls: [{ name: "transfer_to_reviewer", arguments: { reason: "please review" } }] },
  ]);
  agent("reviewer", "tools: read_file\n", [
    { text: "(never: this is the coder's step)" },
    { text: "Reviewed by the reviewer." },
  ]);
  const env = { ART_HOME: home, HOME: tempDir("art-user-") };
  const art = (args: string[], extraEnv: Record<string, string> = {}) =>
    runArt(args, { env: { ...env, ...extraEnv } });
  return { dir, art };
}

describe("handoffs from agent files", () => {
  it("art exec --agent coder hands off to the reviewer; every --json line names the active agent", async () => {
    const { dir, art } = workspace();
    const done = await art([
      "exec",
      "--json",
      "--no-checkpoints",
      "--agent",
      "coder",
      "--cwd",
      dir,
      "fix it",
    ]);
    expect(done.stderr).toBe("");
    expect(done.code).toBe(0);
    const lines = jsonLines(done.stdout);
    expect(lines.at(-1)).toMatchObject({ type: "result", finalMessage: "Reviewed by the reviewer." });
    const events = lines.filter((line) => line.type !== "result");
    const handoffAt = events.findIndex((line) => line.type === "agent.handoff");
    expect(events[handoffAt]).toMatchObject({ from: "coder", to: "reviewer", reason: "please review" });
    expect(new Set(events.slice(0, handoffAt).map((line) => line.agent))).toEqual(new Set(["coder"]));
    expect(new Set(events.slice(handoffAt).map((line) => line.agent))).toEqual(new Set(["reviewer"]));

    const human = await art(["show", "--last", "--any-workspace"]);
    expect(human.stdout).toContain("coder → reviewer · please review");
  });

  it("a bad handoff name in a file is an error naming the file and field", async () => {
    const { dir, art } = workspace();
    writeFileSync(
      path.join(dir, ".art", "agents", "lost.md"),
      "---\nname: lost\nhandoffs: [nobody]\n---\nLost.\n",
    );
    const failed = await art(["exec", "--agent", "coder", "--cwd", dir, "fix it"]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain(`lost.md: field "handoffs" names "nobody"`);
  });

  it.each([
    ["the handoff is durable (before the next model request)", "agent.handoff", 1],
    ["the transfer call is durable (before its handoff)", "tool.call", 0],
  ])(
    "killed when %s: resume goes on with the reviewer, handing off exactly once",
    async (_w, killAfter, before) => {
      const { dir, art } = workspace();
      const crashed = await art(
        ["exec", "--json", "--no-checkpoints", "--agent", "coder", "--cwd", dir, "fix it"],
        { ART_TEST_KILL_AFTER: killAfter },
      );
      expect(crashed.code).toBeNull();
      const journaled = jsonLines((await art(["show", "--last", "--any-workspace", "--json"])).stdout);
      expect(journaled.filter((line) => line.type === "agent.handoff")).toHaveLength(before);

      const resumed = await art(["resume", "--last", "--any-workspace", "--json"]);
      expect(resumed.stderr).toBe("");
      expect(resumed.code).toBe(0);
      const lines = jsonLines(resumed.stdout);
      expect(lines.at(-1)).toMatchObject({ status: "completed", finalMessage: "Reviewed by the reviewer." });
      expect(lines.filter((line) => line.type === "step.started").at(-1)?.agent).toBe("reviewer");

      const all = jsonLines((await art(["show", "--last", "--any-workspace", "--json"])).stdout);
      expect(all.filter((line) => line.type === "agent.handoff")).toHaveLength(1);
      expect(all.filter((line) => line.type === "tool.result")).toMatchObject([
        { name: "transfer_to_reviewer", ok: true, output: "Transferred to reviewer." },
      ]);
    },
  );
});
