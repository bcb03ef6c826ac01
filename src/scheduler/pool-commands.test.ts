import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import { defineAgent, Runtime } from "../runtime/index.js";
import { Pool } from "./index.js";

// The process's command slots are fixed at the first command: this file's worker gets a cap of 3.
const CAP = 3;
process.env.ART_MAX_COMMANDS = String(CAP);

let cleanup: (() => Promise<void>) | undefined;
afterAll(async () => cleanup?.());

describe("commands of pooled sessions", () => {
  it("never run more than the process's cap at once, and every session completes", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("pool-cmd-");
    const running = path.join(dir, "running");
    mkdirSync(running);
    const log = path.join(dir, "seen.log");
    // Marks itself running, records how many run now, stays a moment, unmarks itself.
    const command = `touch "${running}/$$"; ls "${running}" | wc -l >> "${log}"; sleep 0.2; rm "${running}/$$"`;
    const script = path.join(dir, "script.json");
    writeFileSync(
      script,
      JSON.stringify({
        responses: [{ toolCalls: [{ name: "shell", arguments: { command } }] }, { text: "Ran it." }],
      }),
    );
    const agent = defineAgent({
      name: "runner",
      model: `scripted:${script}`,
      tools: { builtins: ["shell"] },
      approval: "never",
      sandbox: "full-access",
      checkpoints: false,
    });
    const runtime = await Runtime.open({ artHome: home, env: { ...process.env, HOME: home } });
    const pool = await Pool.open({ runtime, agents: { runner: agent }, cwd: dir, concurrency: 12 });
    cleanup = async () => {
      await pool.close();
      await runtime.close();
    };
    const handles = Array.from({ length: 12 }, (_, i) =>
      pool.submit({ kind: "session", agent: "runner", prompt: `run ${i}` }),
    );
    const results = await Promise.all(handles.map((handle) => handle.result));
    expect(results.map((r) => (r.result as { status: string }).status)).toEqual(Array(12).fill("completed"));
    const seen = readFileSync(log, "utf8").trim().split("\n").map(Number);
    expect(seen).toHaveLength(12);
    expect(Math.max(...seen)).toBeLessThanOrEqual(CAP);
    expect(pool.stats().commands).toMatchObject({ limit: CAP, running: 0, waiting: 0 });
  });
});
