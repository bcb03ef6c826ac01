// Nothing outlives the runtime: a command that runs without the sandbox (full-access, an approved unsandboxed run)
// and ignores SIGTERM must still die with `art`, whether `art` is killed outright or asked to stop — and so must
// everything it started in the background, in its own session or not.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ProcessCommandRunner } from "../../src/exec/index.js";
import {
  detectSandboxCapabilities,
  prepareSandboxedSpawn,
  prepareSupervisedSpawn,
} from "../../src/sandbox/index.js";
import { ART_BIN, REPO_ROOT } from "../support/run-art.js";
import { removeDir, tempDir } from "../support/temp-workspace.js";
import { CONFIGURATIONS, createWorld, processesWith, worldPolicy } from "./harness.js";

const runnable = process.platform === "linux" && detectSandboxCapabilities().launcher.available;

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The ways a command can try to survive its parent, each writing EFFECT after the runtime is gone. */
const COMMANDS: Record<string, (token: string) => string> = {
  "in the foreground": (token) => `trap '' TERM; touch started; sleep 2; echo EFFECT-${token} >> effect.txt`,
  "in a background subshell": (token) =>
    `(trap '' TERM HUP; sleep 2; echo EFFECT-${token} >> effect.txt) & touch started; wait`,
  "in a new session (setsid)": (token) =>
    `setsid sh -c "trap '' TERM HUP; sleep 2; echo EFFECT-${token} >> effect.txt" & touch started; wait`,
  "with nohup, not waited for": (token) =>
    `nohup sh -c "trap '' TERM HUP; sleep 2; echo EFFECT-${token} >> effect.txt" >/dev/null 2>&1 & touch started; sleep 30`,
};

interface Session {
  dir: string;
  home: string;
  token: string;
  art: ChildProcess;
  stdout(): string;
}

const sessions: Session[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) {
    session.art.kill("SIGKILL");
    removeDir(session.dir);
    removeDir(session.home);
  }
});

/** Starts `art exec` with a scripted model whose one call runs `command` as the given kind of unsandboxed run. */
function startArt(command: (token: string) => string, unsandboxed: "full-access" | "approved"): Session {
  const dir = tempDir("art-survive-ws-");
  const home = tempDir("art-survive-home-");
  const token = `tok${Math.random().toString(36).slice(2, 10)}`;
  const script = path.join(home, "script.json");
  const call =
    unsandboxed === "approved"
      ? { command: command(token), run_unsandboxed: true, justification: "needs the host" }
      : { command: command(token) };
  writeFileSync(
    script,
    JSON.stringify({ responses: [{ toolCalls: [{ name: "shell", arguments: call }] }, { text: "Done." }] }),
  );
  const args = ["exec", "--json", "--model", `scripted:${script}`, "--cwd", dir];
  if (unsandboxed === "full-access") args.push("--sandbox", "full-access");
  else {
    // An allow rule for the whole script lets the escalation run without a prompt: the approved path.
    const rules = path.join(home, "rules.toml");
    const allowed = ["trap", "setsid", "nohup", "touch", "sleep", "echo", "wait", "sh"];
    writeFileSync(
      rules,
      `version = 1\n${allowed.map((word) => `[[rule]]\nprefix = ["${word}"]\ndecision = "allow"\n`).join("")}` +
        `[[rule]]\npath = "effect.txt"\naccess = "write"\ndecision = "allow"\n` +
        `[[rule]]\npath = "/dev/null"\naccess = "write"\ndecision = "allow"\n`,
    );
    args.push("--rules", rules, "--approval", "on-request");
  }
  args.push("run it");
  const art = spawn(process.execPath, [ART_BIN, ...args], {
    env: { ...process.env, ART_HOME: home, HOME: home },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  art.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  art.stderr?.resume();
  const session = { dir, home, token, art, stdout: () => stdout };
  sessions.push(session);
  return session;
}

describe.skipIf(!runnable)("nothing outlives the runtime", () => {
  for (const unsandboxed of ["full-access", "approved"] as const) {
    for (const signal of ["SIGKILL", "SIGTERM"] as const) {
      for (const [name, command] of Object.entries(COMMANDS)) {
        it(`${unsandboxed}: a command ${name} dies when art gets ${signal}`, async () => {
          const session = startArt(command, unsandboxed);
          await waitFor(() => existsSync(path.join(session.dir, "started")), "the command to start");
          const label = unsandboxed === "approved" ? "none (approved)" : "full-access";
          await waitFor(() => session.stdout().includes(`"sandbox":"${label}"`), "exec.begin");
          expect(processesWith(session.token).length).toBeGreaterThan(0);
          const exited = new Promise((resolve) => session.art.once("exit", resolve));
          session.art.kill(signal);
          await exited;
          // Had anything survived, it would still be running (and then write EFFECT): wait until nothing carrying
          // the token is left, then look.
          await waitFor(() => processesWith(session.token).length === 0, "the command's processes to end");
          expect(existsSync(path.join(session.dir, "effect.txt"))).toBe(false);
        });
      }
    }
  }
});

describe("nothing outlives the runtime, without a launcher", () => {
  it("kills the command's process group when the runtime exits while it runs", async () => {
    const dir = tempDir("art-survive-bare-");
    const token = `tok${Math.random().toString(36).slice(2, 10)}`;
    const runner = path.join(REPO_ROOT, "dist", "exec", "index.js");
    // A runtime with no launcher to supervise its command: it exits (process.exit) while the command runs.
    const program = `
      import { existsSync } from "node:fs";
      const { ProcessCommandRunner } = await import(${JSON.stringify(runner)});
      const commands = new ProcessCommandRunner({ emit: () => {}, env: process.env });
      setInterval(() => { if (existsSync("started")) process.exit(0); }, 10);
      await commands.run(
        { command: "trap '' TERM HUP; (trap '' TERM HUP; sleep 2; echo EFFECT-${token} >> effect.txt) & touch started; sleep 2; echo EFFECT-${token} >> effect.txt", cwd: ${JSON.stringify(dir)}, timeoutMs: 60000 },
        { callId: "c1", signal: new AbortController().signal },
      );`;
    const runtime = spawn(process.execPath, ["--input-type=module", "-e", program], {
      cwd: dir,
      stdio: "ignore",
    });
    try {
      const exited = new Promise((resolve) => runtime.once("exit", resolve));
      await exited;
      expect(existsSync(path.join(dir, "started"))).toBe(true);
      await waitFor(() => processesWith(token).length === 0, "the command's processes to end");
      expect(existsSync(path.join(dir, "effect.txt"))).toBe(false);
    } finally {
      removeDir(dir);
    }
  });
});

describe.skipIf(!runnable)("nothing outlives a timeout or a cancel", () => {
  const variants = [
    { name: "unsandboxed (supervised)", sandboxed: undefined },
    ...CONFIGURATIONS.map((configuration) => ({
      name: `sandboxed, ${configuration.name}`,
      sandboxed: configuration,
    })),
  ];
  for (const variant of variants) {
    it(`${variant.name}: a command that ignores SIGTERM and what it moved to a new session are killed`, async () => {
      const world = createWorld({ gitRepo: false });
      try {
        const policy = worldPolicy(world);
        const env = {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: world.home,
          ...variant.sandboxed?.env,
        };
        const commands = new ProcessCommandRunner({
          emit: () => {},
          env,
          killGraceMs: 100,
          prepare: (argv, spawn) =>
            variant.sandboxed
              ? prepareSandboxedSpawn(argv, policy, spawn)
              : prepareSupervisedSpawn(argv, spawn),
        });
        const script =
          `trap '' TERM HUP; setsid sh -c "trap '' TERM HUP; sleep 2; echo EFFECT-${world.token} >> effect.txt" & ` +
          `touch started; sleep 2; echo EFFECT-${world.token} >> effect.txt`;
        const outcome = await commands.run(
          { command: script, cwd: world.workspace, timeoutMs: 500 },
          { callId: "c1", signal: new AbortController().signal },
        );
        expect(outcome.timedOut).toBe(true);
        expect(existsSync(path.join(world.workspace, "started"))).toBe(true);
        await waitFor(() => processesWith(world.token).length === 0, "the command's processes to end");
        expect(existsSync(path.join(world.workspace, "effect.txt"))).toBe(false);
      } finally {
        world.dispose();
      }
    });
  }
});
