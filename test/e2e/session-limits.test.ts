import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CgroupUnavailableError, SessionCgroup } from "../../src/exec/index.js";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

function script(dir: string, commands: string[]): string {
  const file = path.join(dir, "script.json");
  writeFileSync(
    file,
    JSON.stringify({
      responses: [
        ...commands.map((command) => ({ toolCalls: [{ name: "shell", arguments: { command } }] })),
        { text: "done" },
      ],
    }),
  );
  return `scripted:${file}`;
}

/** Whether this machine can make per-session cgroups at all (root or a delegated subtree). */
function cgroupsPossible(): boolean {
  try {
    SessionCgroup.create("probe", { memoryMb: 64, pids: 64 }).remove();
    return true;
  } catch (error) {
    if (error instanceof CgroupUnavailableError) return false;
    throw error;
  }
}

const ALLOCATE = `node -e "const kept = []; for (let i = 0; i < 64; i++) kept.push(Buffer.alloc(8 * 1024 * 1024, 1)); console.log('survived')"`;
const FORK_MANY = `for i in ${Array.from({ length: 80 }, (_, index) => index + 1).join(" ")}; do sleep 2 & done; echo forked; wait`;

describe("[limits.session]: the session's commands share memory and process limits", () => {
  it("kills a command past the memory limit and says why; bounds processes; art doctor reports it", async () => {
    const home = tempDir("art-home-");
    const cwd = tempDir("art-ws-");
    writeFileSync(
      path.join(home, "config.toml"),
      "[limits.session]\nmemory_mb = 96\npids = 40\ncpu_weight = 50\n",
    );
    const result = await runArt(
      [
        "exec",
        "--json",
        "--approval",
        "never",
        "--model",
        script(home, [ALLOCATE, FORK_MANY, "echo fine"]),
        "--cwd",
        cwd,
        "go",
      ],
      { env: { ART_HOME: home } },
    );
    const events = jsonLines(result.stdout);
    const outputs = events
      .filter((event) => event.type === "tool.result")
      .map((event) => String(event.output));
    if (!cgroupsPossible()) {
      // Where the machine cannot apply them, the run fails with a clear, typed error instead of running unlimited.
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toContain("sandbox.cgroup_unavailable");
      return;
    }
    expect(result.code).toBe(0);
    expect(outputs[0]).not.toContain("survived");
    expect(outputs[0]).toMatch(/memory limit of 96 MiB/);
    // Forks past the bound fail (the shell reports it and gives up); the command ends.
    expect(outputs[1]).toMatch(/fork: .*(Resource temporarily unavailable|retry)/);
    expect(outputs[2]).toContain("fine");

    const doctor = await runArt(["doctor", "--json"], { env: { ART_HOME: home } });
    const report = JSON.parse(doctor.stdout) as { limits: { session: Record<string, unknown> } };
    expect(report.limits.session).toMatchObject({
      configured: true,
      available: true,
      limits: { memory_mb: 96, pids: 40, cpu_weight: 50 },
    });
  });

  it("refuses an unknown or out-of-range key in [limits.session] with the key named", async () => {
    const home = tempDir("art-home-");
    writeFileSync(path.join(home, "config.toml"), "[limits.session]\ncpu_weight = 0\nswap_mb = 5\n");
    const result = await runArt(["exec", "--model", script(home, []), "--cwd", tempDir("art-ws-"), "go"], {
      env: { ART_HOME: home },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/limits\.session/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
