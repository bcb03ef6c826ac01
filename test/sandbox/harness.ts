// Helpers for the escape battery: a throwaway world (workspace, fake HOME with credentials, ART_HOME, an
// "outside" directory), a runner that goes through the real launcher, and a few outside listeners and victims.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  buildSandboxPolicy,
  prepareSandboxedSpawn,
  type SandboxPolicy,
  type SandboxSettings,
} from "../../src/sandbox/index.js";

/** One of the two configurations the battery runs in. */
export interface SandboxConfiguration {
  name: string;
  /** Extra environment for the launch (the switch that turns namespaces off). */
  env: NodeJS.ProcessEnv;
  namespaces: boolean;
}

export const CONFIGURATIONS: SandboxConfiguration[] = [
  { name: "all layers", env: {}, namespaces: true },
  {
    name: "namespaces off (Landlock + seccomp fallback)",
    env: { ART_SANDBOX_NO_USERNS: "1" },
    namespaces: false,
  },
];

/** The world one test runs in; everything lives under `root` and is removed by `dispose`. */
export interface World {
  root: string;
  workspace: string;
  home: string;
  artHome: string;
  tmpDir: string;
  /** A directory the sandboxed command must not write to. */
  outside: string;
  /** Contents of the fake private key and of the ART_HOME secret. */
  secret: string;
  /** A string unique to this world, for recognising its processes. */
  token: string;
  dispose(): void;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.email=battery@example.com", "-c", "user.name=battery", ...args], {
    cwd,
    stdio: "ignore",
  });
}

/** Creates a world with a committed git repository as the workspace. */
export function createWorld(options: { gitRepo?: boolean } = {}): World {
  const root = mkdtempSync(path.join(os.tmpdir(), "art-battery-"));
  const token = randomBytes(6).toString("hex");
  const secret = `SECRET-${token}`;
  const world: World = {
    root,
    workspace: path.join(root, "workspace"),
    home: path.join(root, "home"),
    artHome: path.join(root, "home", ".art"),
    tmpDir: path.join(root, "session-tmp"),
    outside: path.join(root, "outside"),
    secret,
    token,
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const dir of [
    world.workspace,
    world.tmpDir,
    world.outside,
    path.join(world.home, ".ssh"),
    world.artHome,
  ])
    mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(world.home, ".ssh", "id_ed25519"), `${secret}\n`);
  writeFileSync(path.join(world.artHome, "art.db"), `${secret}\n`);
  writeFileSync(path.join(world.outside, "target.txt"), "original\n");
  writeFileSync(path.join(world.workspace, "README.md"), "hello\n");
  writeFileSync(path.join(world.workspace, ".bashrc"), "# rc\n");
  if (options.gitRepo ?? true) {
    git(world.workspace, "init", "-q");
    git(world.workspace, "add", "-A");
    git(world.workspace, "commit", "-qm", "initial");
  }
  return world;
}

/** The policy a world's commands run under. */
export function worldPolicy(world: World, overrides: Partial<SandboxSettings> = {}): SandboxPolicy {
  return buildSandboxPolicy({
    mode: "workspace-write",
    network: "none",
    workspace: world.workspace,
    writableRoots: [],
    artHome: world.artHome,
    tmpDir: world.tmpDir,
    home: world.home,
    ...overrides,
  });
}

/** What a sandboxed run produced. */
export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  output: string;
  durationMs: number;
}

/** Runs `argv` through the real launcher; kills it and rejects after `timeoutMs`. */
export function runSandboxed(
  world: World,
  configuration: SandboxConfiguration,
  argv: string[],
  options: { policy?: SandboxPolicy; env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  const policy = options.policy ?? worldPolicy(world);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: world.home,
    LANG: "C",
    OUTSIDE: world.outside,
    TOKEN: world.token,
    ...configuration.env,
    ...options.env,
  };
  const cwd = options.cwd ?? world.workspace;
  const prepared = prepareSandboxedSpawn(argv, policy, { cwd, env });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(prepared.file, prepared.args, {
      cwd,
      env: prepared.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      output += chunk;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`sandboxed command timed out: ${argv.join(" ")}\n${output}`));
    }, options.timeoutMs ?? 15_000);
    child.on("error", reject);
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr, output, durationMs: performance.now() - started });
    });
  });
}

/** `sh -c script`, with a first line proving the command really ran inside. */
export function shell(script: string): string[] {
  return ["/bin/sh", "-c", `echo ran-inside; ${script}`];
}

/** Pids of live processes whose command line contains `token`. */
export function processesWith(token: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8");
      const state = readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1]?.[0];
      if (cmdline.includes(token) && state !== "Z") found.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** A process outside the sandbox to aim at; `stop()` ends it. */
export function startVictim(): {
  child: ChildProcess;
  pid: number;
  alive(): boolean;
  state(): string;
  stop(): void;
} {
  const child = spawn("sleep", ["60"], { stdio: "ignore" });
  const pid = child.pid ?? -1;
  return {
    child,
    pid,
    alive: () => child.exitCode === null && child.signalCode === null,
    state: () => {
      try {
        return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] ?? "?";
      } catch {
        return "gone";
      }
    },
    stop: () => {
      child.kill("SIGKILL");
    },
  };
}

/** System call numbers the battery pokes at with perl's `syscall`. */
export const SYSCALLS =
  process.arch === "arm64"
    ? {
        ptrace: 117,
        io_uring_setup: 425,
        mount: 40,
        process_vm_readv: 270,
        keyctl: 219,
        bpf: 280,
        unshare: 97,
      }
    : {
        ptrace: 101,
        io_uring_setup: 425,
        mount: 165,
        process_vm_readv: 310,
        keyctl: 250,
        bpf: 321,
        unshare: 272,
      };

/** A perl one-liner that makes one raw system call and prints `ret=<r> errno=<e>`. */
export function perlSyscall(call: keyof typeof SYSCALLS, args: string): string[] {
  return [
    "perl",
    "-e",
    `my $b = "\\0" x 256; my $r = syscall(${SYSCALLS[call]}, ${args}); print "ret=$r errno=", ($!+0), "\\n";`,
  ];
}
