// The escape battery: every case runs against the real launcher, once with all layers and once with namespaces
// switched off (the Landlock + seccomp fallback for machines without unprivileged user namespaces). Each case
// checks the effect from outside (the file is absent, the listener saw nothing, the process still runs) and that
// the command really ran inside ("ran-inside"). Where the fallback genuinely cannot block an escape, the case is
// skipped in that configuration with the reason in its name.
import { execFileSync, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  detectSandboxCapabilities,
  explainSandboxDenial,
  prepareSandboxedSpawn,
} from "../../src/sandbox/index.js";
import {
  CONFIGURATIONS,
  createWorld,
  perlSyscall,
  processesWith,
  type RunResult,
  runSandboxed,
  shell,
  startVictim,
  type World,
  worldPolicy,
} from "./harness.js";

const capabilities = detectSandboxCapabilities();
const inCI = Boolean(process.env.CI);
// Locally, an unbuilt launcher skips the battery; in CI it must fail instead of passing silently.
const runBattery = capabilities.launcher.available || inCI;

describe("sandbox launcher", () => {
  it.skipIf(!inCI && !capabilities.launcher.available)("is built and offers Landlock and seccomp", () => {
    expect(capabilities.launcher).toEqual({ path: capabilities.launcher.path, available: true });
    expect(capabilities.landlockAbi).toBeGreaterThan(0);
    expect(capabilities.seccomp).toBe(true);
  });

  it.skipIf(!inCI)("offers user namespaces in CI, so the first configuration really has all layers", () => {
    expect(capabilities.userNamespaces).toBe(true);
  });
});

function expectRan(result: RunResult): void {
  expect(result.stdout, result.output).toContain("ran-inside");
  expect(result.exitCode, result.output).not.toBe(125);
}

function listen(server: Server, address: string | number): Promise<void> {
  return new Promise((resolve) =>
    typeof address === "number"
      ? server.listen(address, "127.0.0.1", resolve)
      : server.listen(address, resolve),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!runBattery).each(CONFIGURATIONS)("escape battery: $name", (configuration) => {
  let world: World;
  const run = (argv: string[], options: Parameters<typeof runSandboxed>[3] = {}) =>
    runSandboxed(world, configuration, argv, options);
  /** Cases the fallback cannot block are skipped there, with the reason in the test's name. */
  const withNamespaces = (name: string, reason: string) => (test: () => Promise<void>) =>
    configuration.namespaces ? it(name, test) : it.skip(`${name} [fallback cannot block: ${reason}]`, test);

  beforeEach(() => {
    world = createWorld();
  });
  afterEach(() => {
    world.dispose();
  });

  it("really runs in the configuration it names", async () => {
    const result = await run(shell("cat /proc/self/uid_map; echo pid=$$"));
    expectRan(result);
    // In a new pid namespace the shell is pid 2 (the launcher's init is 1).
    if (configuration.namespaces) expect(result.stdout).toContain("pid=2");
    else expect(result.stdout).not.toContain("pid=2\n");
  });

  it("refuses writes to /etc, $HOME and the shared /tmp", async () => {
    const targets = [
      `/etc/art-escape-${world.token}`,
      `${world.home}/escape`,
      `/tmp/art-escape-${world.token}`,
    ];
    const result = await run(shell(targets.map((target) => `echo pwned > ${target}`).join("; ")));
    expectRan(result);
    for (const target of targets) expect(existsSync(target), target).toBe(false);
    expect(explainSandboxDenial(result, worldPolicy(world))).toContain("only");
  });

  it("refuses writes through a symlink in the workspace", async () => {
    symlinkSync(path.join(world.outside, "target.txt"), path.join(world.workspace, "planted-link"));
    const result = await run(
      shell(`ln -s "$OUTSIDE/target.txt" own-link; echo pwned > own-link; echo pwned > planted-link`),
    );
    expectRan(result);
    expect(readFileSync(path.join(world.outside, "target.txt"), "utf8")).toBe("original\n");
  });

  it("refuses to hard-link an outside file into the workspace", async () => {
    const result = await run(shell(`ln "$OUTSIDE/target.txt" hard && echo pwned > hard; ls -l hard`));
    expectRan(result);
    expect(existsSync(path.join(world.workspace, "hard"))).toBe(false);
    expect(readFileSync(path.join(world.outside, "target.txt"), "utf8")).toBe("original\n");
  });

  /**
   * With namespaces a protected path is a read-only mount, so the write itself fails. The fallback cannot refuse it
   * (Landlock cannot deny a subpath of a writable root): the change is visible while the command runs, and the
   * launcher undoes it once every process of the command is gone, saying so on stderr.
   */
  function expectGuarded(result: RunResult): void {
    if (configuration.namespaces)
      expect(result.output).toMatch(/Read-only file system|Device or resource busy/);
    else expect(result.stderr).toContain("art-sandbox: protected: ");
  }

  it("keeps .git/hooks unchanged (fallback: restored after the command)", async () => {
    const hooks = path.join(world.workspace, ".git/hooks");
    const before = readdirSync(hooks).sort();
    const result = await run(
      shell("echo 'echo evil' > .git/hooks/pre-commit; chmod +x .git/hooks/pre-commit"),
    );
    expectRan(result);
    expectGuarded(result);
    expect(existsSync(path.join(hooks, "pre-commit"))).toBe(false);
    expect(readdirSync(hooks).sort()).toEqual(before);
  });

  it("keeps .git/config unchanged (fallback: restored after the command)", async () => {
    const before = readFileSync(path.join(world.workspace, ".git/config"), "utf8");
    const result = await run(
      shell("git config core.hooksPath /tmp/evil; echo '[core] fsmonitor = evil' >> .git/config"),
    );
    expectRan(result);
    expectGuarded(result);
    expect(readFileSync(path.join(world.workspace, ".git/config"), "utf8")).toBe(before);
    expect(explainSandboxDenial(result, worldPolicy(world))).toContain(".git/config");
  });

  it("keeps shell rc files and .gitmodules unchanged (fallback: restored after the command)", async () => {
    writeFileSync(path.join(world.workspace, ".gitmodules"), "");
    const result = await run(shell("echo evil >> .bashrc; echo evil >> .gitmodules; rm -f .bashrc"));
    expectRan(result);
    expectGuarded(result);
    expect(readFileSync(path.join(world.workspace, ".bashrc"), "utf8")).toBe("# rc\n");
    expect(readFileSync(path.join(world.workspace, ".gitmodules"), "utf8")).toBe("");
  });

  it("removes protected paths the command created (.art/, .gitmodules)", async () => {
    const result = await run(
      shell("mkdir .art && echo 'approve = \"all\"' > .art/config.toml; echo x > .gitmodules"),
    );
    expectRan(result);
    expect(result.stderr).toContain("was created by the command and has been removed");
    expect(existsSync(path.join(world.workspace, ".art"))).toBe(false);
    expect(existsSync(path.join(world.workspace, ".gitmodules"))).toBe(false);
  });

  it("stops renaming a protected dir away and recreating it", async () => {
    const config = readFileSync(path.join(world.workspace, ".git/config"), "utf8");
    const result = await run(
      shell(
        [
          "mv .git/hooks .git/hooks-old; mkdir -p .git/hooks; echo evil > .git/hooks/pre-commit",
          "mv .git .git-old; mkdir -p .git/hooks; echo evil > .git/hooks/post-checkout; echo evil > .git/config",
        ].join("; "),
      ),
    );
    expectRan(result);
    expectGuarded(result);
    expect(existsSync(path.join(world.workspace, ".git/hooks/pre-commit"))).toBe(false);
    expect(existsSync(path.join(world.workspace, ".git/hooks/post-checkout"))).toBe(false);
    expect(readFileSync(path.join(world.workspace, ".git/config"), "utf8")).toBe(config);
    // With namespaces mount points cannot be renamed; the fallback cannot stop the rename, but the launcher treats
    // the replaced .git as an attack to undo: the impostor goes, the original repository is moved back.
    expect(existsSync(path.join(world.workspace, ".git-old"))).toBe(false);
    expect(existsSync(path.join(world.workspace, ".git/HEAD"))).toBe(true);
    if (!configuration.namespaces) expect(result.stderr).toContain("has been put back");
  });

  it("refuses reads of ~/.ssh and $ART_HOME", async () => {
    const result = await run(
      shell(
        `grep -r SECRET "$HOME" 2>&1 | head -3; cat "${world.artHome}/art.db"; cat "$HOME/.ssh/id_ed25519"`,
      ),
    );
    expectRan(result);
    expect(result.output).not.toContain(world.secret);
    expect(explainSandboxDenial(result, worldPolicy(world))).toBeDefined();
  });

  it("blocks TCP and UDP to a loopback listener outside", async () => {
    let tcpConnections = 0;
    const tcp = createServer((socket) => {
      tcpConnections++;
      socket.destroy();
    });
    await listen(tcp, 0);
    const tcpPort = (tcp.address() as { port: number }).port;
    let udpMessages = 0;
    const udp = createSocket("udp4").on("message", () => udpMessages++);
    await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", resolve));
    const udpPort = udp.address().port;
    try {
      const result = await run(
        shell(
          `bash -c 'echo hi > /dev/tcp/127.0.0.1/${tcpPort}'; bash -c 'echo hi > /dev/udp/127.0.0.1/${udpPort}'; echo done`,
        ),
      );
      expectRan(result);
      await sleep(200);
      expect(tcpConnections).toBe(0);
      expect(udpMessages).toBe(0);
      expect(explainSandboxDenial(result, worldPolicy(world))).toBeUndefined(); // exit 0: nothing to explain
      // Control: with the network on, the same listener does see the connection.
      const open = await run(shell(`bash -c 'echo hi > /dev/tcp/127.0.0.1/${tcpPort}'`), {
        policy: worldPolicy(world, { network: "full" }),
      });
      expectRan(open);
      await sleep(200);
      expect(tcpConnections).toBe(1);
    } finally {
      tcp.close();
      udp.close();
    }
  });

  it("blocks a Unix socket to a listener outside", async () => {
    let connections = 0;
    const socketPath = path.join(world.outside, "daemon.sock");
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await listen(server, socketPath);
    const connect = [
      process.execPath,
      "-e",
      "require('net').connect(process.argv[1]).on('connect',()=>{console.log('connected');process.exit(0)}).on('error',e=>{console.log('error',e.code);process.exit(3)})",
      socketPath,
    ];
    try {
      const result = await run(["/bin/sh", "-c", 'echo ran-inside; "$@"', "sh", ...connect]);
      expectRan(result);
      expect(result.stdout).toContain("error");
      await sleep(100);
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it("refuses ptrace of an outside process", async () => {
    const victim = startVictim();
    try {
      const result = await run(
        shell(`${perlSyscall("ptrace", `16, ${victim.pid}, 0, 0`).map(quote).join(" ")}`),
      );
      expectRan(result);
      expect(result.stdout).toMatch(/ret=-1 errno=(1|3)\b/);
      expect(victim.state()).toBe("S");
      const memory = await run(
        shell(`cat /proc/${victim.pid}/mem | head -c 1; cat /proc/${victim.pid}/environ`),
      );
      expectRan(memory);
      expect(memory.stdout.trim()).toBe("ran-inside");
    } finally {
      victim.stop();
    }
  });

  const signalReason = "Landlock ABI < 6 has no signal scoping";
  (configuration.namespaces || capabilities.landlockAbi >= 6 ? it : it.skip)(
    configuration.namespaces || capabilities.landlockAbi >= 6
      ? "refuses to signal an outside process"
      : `refuses to signal an outside process [fallback cannot block: ${signalReason}]`,
    async () => {
      const victim = startVictim();
      try {
        const result = await run(shell(`kill -KILL ${victim.pid}; kill -STOP ${victim.pid}; echo sent`));
        expectRan(result);
        await sleep(100);
        expect(victim.alive()).toBe(true);
        expect(victim.state()).toBe("S");
      } finally {
        victim.stop();
      }
    },
  );

  it("refuses setuid and setgid bits", async () => {
    const result = await run(
      shell(
        [
          "cp /bin/true suid; chmod u+s suid; chmod g+s suid; chmod 6755 suid",
          `perl -e 'use Fcntl; sysopen(my $f, "created-suid", O_CREAT|O_WRONLY, 04755) or print "open: $!\\n"'`,
        ].join("; "),
      ),
    );
    expectRan(result);
    expect(statSync(path.join(world.workspace, "suid")).mode & 0o6000).toBe(0);
    const created = path.join(world.workspace, "created-suid");
    if (existsSync(created)) expect(statSync(created).mode & 0o6000).toBe(0);
  });

  it("refuses mknod of device nodes", async () => {
    const result = await run(shell("mknod ./null c 1 3; mknod ./disk b 8 0; ls -l null disk"));
    expectRan(result);
    expect(existsSync(path.join(world.workspace, "null"))).toBe(false);
    expect(existsSync(path.join(world.workspace, "disk"))).toBe(false);
  });

  it("refuses mount and new namespaces", async () => {
    mkdirSync(path.join(world.workspace, "mnt"));
    const result = await run(
      shell(
        [
          "mount -t tmpfs none ./mnt && echo mounted",
          `${perlSyscall("mount", '"none", "mnt", "tmpfs", 0, 0').map(quote).join(" ")}`,
          `${perlSyscall("unshare", "0x10000000").map(quote).join(" ")}`,
          "unshare -Ur true && echo unshared",
        ].join("; "),
      ),
    );
    expectRan(result);
    expect(result.stdout).not.toContain("mounted");
    expect(result.stdout).not.toContain("unshared");
    expect(result.stdout).not.toContain("ret=0");
  });

  it("refuses /proc/<pid>/root of an outside process", async () => {
    const victim = startVictim();
    try {
      const through = `/proc/${victim.pid}/root`;
      const result = await run(
        shell(
          `cat ${through}${world.home}/.ssh/id_ed25519; echo pwned > ${through}${world.outside}/via-proc; ls ${through}/ | head -2`,
        ),
      );
      expectRan(result);
      expect(result.output).not.toContain(world.secret);
      expect(existsSync(path.join(world.outside, "via-proc"))).toBe(false);
    } finally {
      victim.stop();
    }
  });

  it("refuses io_uring, bpf, keyrings and process_vm_readv", async () => {
    const calls = [
      perlSyscall("io_uring_setup", "8, $b"),
      perlSyscall("bpf", "0, $b, 72"),
      perlSyscall("keyctl", "0, -3, 0"),
      perlSyscall("process_vm_readv", "1, 0, 0, 0, 0, 0"),
    ];
    const result = await run(shell(calls.map((call) => call.map(quote).join(" ")).join("; ")));
    expectRan(result);
    const lines = result.stdout.split("\n").filter((line) => line.startsWith("ret="));
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^ret=-1 errno=(1|38)$/);
  });

  it("leaves no background process behind", async () => {
    const marker = `art-bg-${world.token}`;
    const result = await run(
      shell(
        [
          `perl -e '$0 = "${marker}-plain"; sleep 300' &`,
          `setsid perl -e '$0 = "${marker}-setsid"; sleep 300' &`,
          `(perl -e 'exit 0 if fork; $0 = "${marker}-double"; sleep 300' &)`,
          "sleep 0.2; echo started",
        ].join("\n"),
      ),
    );
    expectRan(result);
    expect(result.stdout).toContain("started");
    expect(processesWith(marker)).toEqual([]);
  });

  it("bounds a fork bomb and cleans it up", async () => {
    const marker = `art-bomb-${world.token}`;
    const policy = worldPolicy(world, { pidsMax: 64 });
    const counted = await run(
      shell(
        `perl -e '$0 = "${marker}"; for my $i (1..3000) { my $p = fork(); if (!defined $p) { print "fork failed after $i\\n"; last } if (!$p) { sleep 60; exit 0 } } print "loop over\\n"'`,
      ),
      { policy, timeoutMs: 60_000 },
    );
    expectRan(counted);
    const failedAfter = Number(/fork failed after (\d+)/.exec(counted.stdout)?.[1] ?? "NaN");
    // The pid namespace's pid_max cannot go below 301; a cgroup or RLIMIT_NPROC honours 64 exactly.
    expect(failedAfter).toBeLessThanOrEqual(310);
    expect(processesWith(marker)).toEqual([]);

    const bomb = await run(
      shell(`timeout -s KILL 2 perl -e '$0 = "${marker}"; 1 while 1 + fork'; echo bomb-over`),
      {
        policy,
        timeoutMs: 60_000,
      },
    );
    expectRan(bomb);
    expect(bomb.stdout).toContain("bomb-over");
    expect(processesWith(marker)).toEqual([]);
    expect(execFileSync("/bin/echo", ["host still forks"], { encoding: "utf8" })).toBe("host still forks\n");
  });

  async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (condition()) return true;
      await sleep(25);
    }
    return condition();
  }

  /** Starts the launcher under a throwaway parent shell, waits for `count` marked processes, kills the parent. */
  async function killParentOf(argv: string[], marker: string, count: number): Promise<void> {
    const prepared = prepareSandboxedSpawn(argv, worldPolicy(world), {
      cwd: world.workspace,
      // The marker travels in the environment so that only the renamed processes carry it in their command line.
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: world.home,
        MARKER: marker,
        ...configuration.env,
      },
    });
    const parent = spawn("/bin/sh", ["-c", '"$@" & wait', "sh", prepared.file, ...prepared.args], {
      cwd: world.workspace,
      env: prepared.env,
      stdio: "ignore",
    });
    expect(await waitFor(() => processesWith(marker).length === count, 5_000)).toBe(true);
    parent.kill("SIGKILL");
  }

  it("dies with its parent, taking the command with it", async () => {
    const marker = `art-orphan-${world.token}`;
    await killParentOf(["perl", "-e", "$0 = $ENV{MARKER}; sleep 300"], marker, 1);
    expect(await waitFor(() => processesWith(marker).length === 0, 5_000)).toBe(true);
  });

  withNamespaces(
    "takes the command's whole tree down when its parent dies",
    "once the launcher is SIGKILLed, grandchildren re-parent past it; only the pid namespace kills them",
  )(async () => {
    const marker = `art-orphan-tree-${world.token}`;
    await killParentOf(
      ["perl", "-e", "$0 = $ENV{MARKER}; if (fork) { sleep 300 } else { setpgrp(0, 0); sleep 300 }"],
      marker,
      2,
    );
    expect(await waitFor(() => processesWith(marker).length === 0, 5_000)).toBe(true);
  });

  it("lets git init and commit work inside the workspace", async () => {
    const result = await run(
      shell(
        [
          "git config --global --list >/dev/null 2>&1; echo change >> README.md",
          "git -c user.email=a@b.c -c user.name=t commit -qam second && echo committed",
          "mkdir fresh && cd fresh && git init -q && echo x > f && git add f && git -c user.email=a@b.c -c user.name=t commit -qm one && echo fresh-committed",
        ].join("\n"),
      ),
    );
    expectRan(result);
    expect(result.stdout, result.output).toContain("committed");
    expect(result.stdout, result.output).toContain("fresh-committed");
    const log = execFileSync("git", ["log", "--oneline"], { cwd: world.workspace, encoding: "utf8" });
    expect(log.trim().split("\n")).toHaveLength(2);
  });

  it("gives a writable private TMPDIR and passes the exit code through", async () => {
    const result = await run(
      shell('echo data > "$TMPDIR/file" && cat "$TMPDIR/file"; echo "$TMPDIR"; exit 7'),
    );
    expectRan(result);
    expect(result.stdout).toContain(`data\n${world.tmpDir}\n`);
    expect(result.exitCode).toBe(7);
    expect(readFileSync(path.join(world.tmpDir, "file"), "utf8")).toBe("data\n");
  });

  it("keeps the workspace unwritable in read-only mode", async () => {
    const policy = worldPolicy(world, { mode: "read-only" });
    const result = await run(
      shell('echo pwned > README.md; echo ok > "$TMPDIR/f" && echo tmp-ok; cat README.md'),
      {
        policy,
      },
    );
    expectRan(result);
    expect(result.stdout).toContain("tmp-ok");
    expect(readFileSync(path.join(world.workspace, "README.md"), "utf8")).toBe("hello\n");
    expect(lstatSync(path.join(world.workspace, "README.md")).isFile()).toBe(true);
  });
});

function quote(argument: string): string {
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}
