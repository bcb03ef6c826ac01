// The fallback holds (and so do all layers): a command cannot squeeze or otherwise act on the launcher or the
// runtime (limits, signals, priorities, /proc of their processes), cannot raise its own hard limits, and cannot
// write denied paths that lie inside a writable root (the workspace is $HOME).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { detectSandboxCapabilities } from "../../src/sandbox/index.js";
import { CONFIGURATIONS, createWorld, runSandboxed, shell, type World, worldPolicy } from "./harness.js";

const runnable = process.platform === "linux" && detectSandboxCapabilities().launcher.available;

function ownLimits(): string {
  return readFileSync("/proc/self/limits", "utf8");
}

describe.skipIf(!runnable).each(CONFIGURATIONS)("the fallback holds: $name", (configuration) => {
  let world: World;
  beforeEach(() => {
    world = createWorld();
  });
  afterEach(() => world.dispose());

  it("cannot squeeze the launcher's or the runtime's limits; the clean-up still happens", async () => {
    const before = ownLimits();
    const result = await runSandboxed(
      world,
      configuration,
      shell(
        `for pid in $PPID $ART_PID; do for limit in --nofile=0:0 --fsize=0:0 --nproc=1:1; do ` +
          `prlimit --pid $pid $limit 2>/dev/null && echo "squeezed $pid $limit"; done; done; ` +
          `printf '#!/bin/sh\\necho HOOK-RAN\\n' > .git/hooks/pre-commit 2>/dev/null; chmod +x .git/hooks/pre-commit 2>/dev/null; ` +
          `(setsid sh -c 'sleep 30' &) ; echo finished`,
      ),
      { env: { ART_PID: String(process.pid) } },
    );
    expect(result.stdout).toBe("ran-inside\nfinished\n");
    expect(ownLimits()).toBe(before);
    // The victim's step: the user's own commit runs no hook the command planted.
    expect(existsSync(path.join(world.workspace, ".git", "hooks", "pre-commit"))).toBe(false);
    writeFileSync(path.join(world.workspace, "change.txt"), "x\n");
    const commit = execFileSync(
      "git",
      ["-c", "user.email=v@example.com", "-c", "user.name=v", "commit", "-qam", "victim", "--allow-empty"],
      { cwd: world.workspace, encoding: "utf8" },
    );
    expect(commit).not.toContain("HOOK-RAN");
  });

  it("cannot raise its own hard limits", async () => {
    const result = await runSandboxed(
      world,
      configuration,
      shell(
        `hard=$(ulimit -Hn); ulimit -Hn $((hard + 1)) 2>/dev/null && echo raised-nofile; ` +
          `ulimit -Hc 0 && (ulimit -Hc 1 2>/dev/null && echo raised-core); echo finished`,
      ),
    );
    expect(result.stdout).toBe("ran-inside\nfinished\n");
  });

  it("cannot signal, renice, re-pin or read the memory of the launcher or the runtime", async () => {
    const priority = os.getPriority(process.pid);
    const affinity = readFileSync(`/proc/${process.pid}/status`, "utf8").match(/Cpus_allowed_list:.*/)?.[0];
    const result = await runSandboxed(
      world,
      configuration,
      shell(
        `for pid in $PPID $ART_PID; do ` +
          `kill -0 $pid 2>/dev/null && echo "signalled $pid"; ` +
          `renice -n 19 -p $pid >/dev/null 2>&1 && echo "reniced $pid"; ` +
          `taskset -p -c 0 $pid >/dev/null 2>&1 && echo "pinned $pid"; ` +
          `for file in mem environ fd/0 fd/1 root/etc/hostname; do ` +
          `{ head -c1 /proc/$pid/$file >/dev/null; } 2>/dev/null && echo "read $pid $file"; done; done; ` +
          `renice -n 19 -u $(id -u) >/dev/null 2>&1 && echo "reniced the user"; ` +
          `kill -0 -1 2>/dev/null && [ -z "$NAMESPACED" ] && echo "signalled everyone"; echo finished`,
      ),
      { env: { ART_PID: String(process.pid), ...(configuration.namespaces ? { NAMESPACED: "1" } : {}) } },
    );
    expect(result.stdout).toBe("ran-inside\nfinished\n");
    expect(os.getPriority(process.pid)).toBe(priority);
    expect(readFileSync(`/proc/${process.pid}/status`, "utf8").match(/Cpus_allowed_list:.*/)?.[0]).toBe(
      affinity,
    );
  });

  it("cannot write denied paths inside a writable root (workspace = $HOME)", async () => {
    const ssh = path.join(world.home, ".ssh");
    writeFileSync(path.join(ssh, "authorized_keys"), "ssh-ed25519 AAAA user\n");
    mkdirSync(path.join(world.home, "project"));
    const policy = worldPolicy(world, { workspace: world.home, allowBroadWorkspace: true });
    const result = await runSandboxed(
      world,
      configuration,
      shell(
        `cd "$HOME"; ` +
          `{ echo "ssh-ed25519 EVIL attacker" >> .ssh/authorized_keys; } 2>/dev/null && echo appended; ` +
          `{ echo "ssh-ed25519 EVIL attacker" > .ssh/authorized_keys2; } 2>/dev/null && echo created; ` +
          `rm .ssh/id_ed25519 2>/dev/null && echo removed; ` +
          `mv .ssh .ssh-old 2>/dev/null && echo moved; ` +
          `rm -r .art 2>/dev/null && echo removed-art-home; ` +
          `{ echo x > .art/art.db; } 2>/dev/null && echo overwrote-art-home; ` +
          `echo fine > project/notes.txt && echo wrote-project; echo finished`,
      ),
      { policy, cwd: world.home },
    );
    expect(result.stdout).toBe("ran-inside\nwrote-project\nfinished\n");
    expect(readFileSync(path.join(ssh, "authorized_keys"), "utf8")).toBe("ssh-ed25519 AAAA user\n");
    expect(existsSync(path.join(ssh, "authorized_keys2"))).toBe(false);
    expect(readFileSync(path.join(ssh, "id_ed25519"), "utf8")).toBe(`${world.secret}\n`);
    expect(readFileSync(path.join(world.artHome, "art.db"), "utf8")).toBe(`${world.secret}\n`);
    expect(readFileSync(path.join(world.home, "project", "notes.txt"), "utf8")).toBe("fine\n");
  });
});
