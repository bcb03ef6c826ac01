// A reader that goes away (`art sessions --json | head -1`) must end a read command quietly: exit 0 or 141, nothing
// on stderr. The pipe's read end is closed before the command writes, so every write it makes meets EPIPE.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ART_BIN, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

// Several `art` processes per test; on a loaded machine they outlast the default 30 s.
vi.setConfig({ testTimeout: 180_000 });

let home: string;
let sessionId: string;

/** Runs art with stdout a pipe whose reader has already gone. */
function runIntoClosedPipe(
  args: string[],
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ART_BIN, ...args], {
      env: { ...process.env, ART_HOME: home },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stderr }));
  });
}

beforeAll(async () => {
  home = tempDir("art-home-");
  const cwd = tempDir("art-ws-");
  const script = path.join(home, "script.json");
  writeFileSync(
    script,
    JSON.stringify({
      responses: [
        { toolCalls: [{ name: "shell", arguments: { command: "seq 1 2000 > numbers.txt" } }] },
        { text: "done" },
      ],
    }),
  );
  const result = await runArt(
    ["exec", "--json", "--sandbox", "full-access", "--model", `scripted:${script}`, "--cwd", cwd, "go"],
    { env: { ART_HOME: home } },
  );
  expect(result.code, result.stderr).toBe(0);
  sessionId = JSON.parse(result.stdout.split("\n")[0]!).sessionId;
});

describe("a closed stdout ends read commands quietly", () => {
  const commands = (): string[][] => [
    ["sessions", "--json"],
    ["sessions"],
    ["show", sessionId, "--json"],
    ["show", sessionId],
    ["audit", "show"],
    ["audit", "show", "--json"],
    ["checkpoints", sessionId],
    ["diff", sessionId],
    ["doctor"],
    ["policy", "schema"],
    ["policy", "check", "--", "ls"],
    ["--help"],
  ];
  it("for every command that prints", async () => {
    for (const args of commands()) {
      const result = await runIntoClosedPipe(args);
      expect({ args, stderr: result.stderr }).toEqual({ args, stderr: "" });
      expect([0, 141]).toContain(result.code);
    }
  });
});
