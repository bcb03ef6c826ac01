import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ART_BIN, jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");

/** An agent file whose model plays `responses`. */
function agentFile(dir: string, name: string, responses: unknown[]): void {
  const script = path.join(dir, "..", `${path.basename(dir)}-${name}.json`);
  writeFileSync(script, JSON.stringify({ responses }));
  writeFileSync(
    path.join(dir, ".art", "agents", `${name}.md`),
    `---\nname: ${name}\ndescription: The ${name} worker\nmodel: scripted:${script}\n---\nDo the task.\n`,
  );
}

const shell = (command: string) => ({ toolCalls: [{ name: "shell", arguments: { command } }] });

describe("sub-agents survive kill -9 of the parent", () => {
  it("a finished child is not run again and an unfinished one continues from its own journal", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-ws-");
    mkdirSync(path.join(dir, ".git"));
    mkdirSync(path.join(dir, ".art", "agents"), { recursive: true });
    agentFile(dir, "fast", [shell("echo fast >> fast.txt"), { text: "fast done" }]);
    agentFile(dir, "slow", [
      shell("echo start >> slow.txt"),
      shell("echo long >> slow.txt; sleep 120"),
      shell("echo after >> slow.txt"),
      { text: "slow done" },
    ]);
    const leadScript = path.join(dir, "..", `${path.basename(dir)}-lead.json`);
    writeFileSync(
      leadScript,
      JSON.stringify({
        responses: [
          {
            toolCalls: [
              { name: "spawn_agent", arguments: { agent: "fast", prompt: "write fast" } },
              { name: "spawn_agent", arguments: { agent: "slow", prompt: "write slow" } },
            ],
          },
          { text: "Finished." },
        ],
      }),
    );
    const env = { ART_HOME: home };
    const child = spawn(
      process.execPath,
      [ART_BIN, "exec", "--json", "--model", `scripted:${leadScript}`, "--cwd", dir, "lead"],
      { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const sessions = async () => {
      const listed = await runArt(["sessions", "--json"], { env });
      return jsonLines(listed.stdout) as unknown as Array<{ id: string; status: string; title: string }>;
    };
    // The fast child has ended and the slow one sits in its long command.
    await waitFor(async () => {
      if (!read(path.join(dir, "slow.txt")).includes("long")) return false;
      return (await sessions()).some((s) => s.title === "write fast" && s.status === "completed");
    }, 60_000).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; stderr: ${stderr}`);
    });
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((resolve) => child.once("close", resolve));
    const parentId = jsonLines(stdout)[0]?.sessionId as string;
    expect(parentId).toMatch(/^ses_/);
    expect(jsonLines(stdout).some((event) => event.type === "turn.completed")).toBe(false);

    const resumed = await runArt(["resume", parentId, "--json"], { env, cwd: dir });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    // The finished child's effect happened once; the unfinished one went on where it was, not from the start.
    expect(read(path.join(dir, "fast.txt"))).toBe("fast\n");
    expect(read(path.join(dir, "slow.txt"))).toBe("start\nlong\nafter\n");
    const events = jsonLines(resumed.stdout);
    const results = events.filter((event) => event.type === "tool.result");
    expect(results.map((event) => [event.name, event.ok, event.output])).toEqual([
      ["spawn_agent", true, "fast done"],
      ["spawn_agent", true, "slow done"],
    ]);
    expect(events.find((event) => event.type === "message.completed")).toMatchObject({ text: "Finished." });
    // Two children, both linked to the parent and completed; nothing else was started.
    const all = await sessions();
    expect(
      all
        .filter((s) => s.id !== parentId)
        .map((s) => [s.title, s.status])
        .sort(),
    ).toEqual([
      ["write fast", "completed"],
      ["write slow", "completed"],
    ]);
    // art sessions lists the children under their parent, indented; art show names them.
    const listing = (await runArt(["sessions"], { env })).stdout.split("\n");
    const parentLine = listing.findIndex((line) => line.startsWith(parentId));
    expect(listing[parentLine + 1]).toMatch(/^ {2}└ ses_sub/);
    expect(listing[parentLine + 2]).toMatch(/^ {2}└ ses_sub/);
    const shown = (await runArt(["show", parentId], { env })).stdout;
    expect(shown).toMatch(/└ ses_sub\S+ · completed · 1 turn · write fast/);
    expect(shown).toMatch(/└ ses_sub\S+ · completed · 1 turn · write slow/);
  }, 120_000);
});
