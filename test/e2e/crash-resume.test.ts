import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ART_BIN, jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("crash-safe resume", () => {
  it("after kill -9 during a long tool call, resume --last finishes with earlier effects present exactly once", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-ws-");
    const scriptFile = path.join(dir, "..", `${path.basename(dir)}-script.json`);
    writeFileSync(
      scriptFile,
      JSON.stringify({
        responses: [
          { toolCalls: [{ name: "shell", arguments: { command: "echo first >> effects.txt" } }] },
          { toolCalls: [{ name: "shell", arguments: { command: "echo long >> effects.txt; sleep 60" } }] },
          { toolCalls: [{ name: "shell", arguments: { command: "echo after >> effects.txt" } }] },
          { text: "Finished." },
        ],
      }),
    );
    const child = spawn(
      process.execPath,
      [ART_BIN, "exec", "--json", "--model", `scripted:${scriptFile}`, "--cwd", dir, "work"],
      {
        env: { ...process.env, ART_HOME: home },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const effects = path.join(dir, "effects.txt");
    await waitFor(() => existsSync(effects) && readFileSync(effects, "utf8").includes("long"), 30_000);
    // Kill the whole process tree at once, like a power cut for this session.
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((resolve) => child.once("close", resolve));
    expect(jsonLines(stdout).some((event) => event.type === "turn.completed")).toBe(false);

    const resumed = await runArt(["resume", "--last", "--any-workspace", "--json"], {
      env: { ART_HOME: home },
    });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(readFileSync(effects, "utf8")).toBe("first\nlong\nafter\n");
    const events = jsonLines(resumed.stdout);
    expect(events[0]).toMatchObject({ type: "tool.result", name: "shell", ok: false, interrupted: true });
    expect(events.at(-2)).toMatchObject({ type: "session.ended", reason: "completed" });
    expect(events.at(-1)).toMatchObject({ type: "result", status: "completed" });

    const all = jsonLines(
      (await runArt(["show", "--last", "--any-workspace", "--json"], { env: { ART_HOME: home } })).stdout,
    );
    const results = all.filter((event) => event.type === "tool.result");
    expect(results.map((event) => event.interrupted)).toEqual([false, true, false]);
    expect(new Set(all.map((event) => event.seq)).size).toBe(all.length);
  });
});
