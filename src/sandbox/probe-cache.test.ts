import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { detectSandboxCapabilities, resetSandboxCapabilities } from "./capabilities.js";

// A launcher that answers `--probe` like the real one and counts how often it was run, so the tests can tell a
// cached answer from a fresh probe.
const REPORT = {
  version: 1,
  arch: "x86_64",
  landlock_abi: 4,
  seccomp: true,
  seccomp_error: null,
  user_namespaces: true,
  user_namespaces_error: null,
  cgroup_pids: null,
  pid_max_per_namespace: true,
  uid: 1000,
};

let dir: string;
let tmp: string;
let launcher: string;
let counter: string;
const saved = { TMPDIR: process.env.TMPDIR };

function writeLauncher(report: object = REPORT): void {
  writeFileSync(
    launcher,
    `#!/bin/sh\necho x >> '${counter}'\ncat <<'EOF'\n${JSON.stringify(report)}\nEOF\n`,
    { mode: 0o755 },
  );
}

const runs = () => {
  try {
    return readFileSync(counter, "utf8").split("\n").filter(Boolean).length;
  } catch {
    return 0;
  }
};

/** A new process's view: nothing remembered in memory, only what the cache holds. */
function detectInNewProcess(options: { fresh?: boolean } = {}) {
  resetSandboxCapabilities();
  return detectSandboxCapabilities(options);
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "art-probe-cache-"));
  tmp = path.join(dir, "tmp");
  mkdirSync(tmp);
  launcher = path.join(dir, "art-sandbox");
  counter = path.join(dir, "runs");
  writeLauncher();
  process.env.TMPDIR = tmp;
  process.env.ART_SANDBOX_LAUNCHER = launcher;
});

afterEach(() => {
  if (saved.TMPDIR === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = saved.TMPDIR;
  delete process.env.ART_SANDBOX_LAUNCHER;
  delete process.env.ART_SANDBOX_PROBE_CACHE;
  resetSandboxCapabilities();
});

describe.skipIf(process.platform !== "linux")("the per-boot sandbox probe cache", () => {
  it("probes once per boot: a later process reads the cached report instead of running the launcher", () => {
    const first = detectInNewProcess();
    expect(first.launcher.available).toBe(true);
    expect(runs()).toBe(1);
    const second = detectInNewProcess();
    expect(runs()).toBe(1);
    expect(second).toEqual(first);
    expect(second.landlockAbi).toBe(4);
  });

  it("probes afresh when the launcher changes (a rebuild)", () => {
    detectInNewProcess();
    writeLauncher({ ...REPORT, landlock_abi: 6, pid_max_per_namespace: false });
    utimesSync(launcher, new Date(), new Date(Date.now() + 5_000));
    const after = detectInNewProcess();
    expect(runs()).toBe(2);
    expect(after.landlockAbi).toBe(6);
  });

  it("always probes when asked for a fresh answer (art doctor), and refreshes the cache", () => {
    detectInNewProcess();
    expect(detectInNewProcess({ fresh: true }).launcher.available).toBe(true);
    expect(runs()).toBe(2);
  });

  it("caches no failed probe: a launcher from another version is probed again next time", () => {
    writeLauncher({ version: 99 });
    expect(detectInNewProcess().launcher.available).toBe(false);
    expect(detectInNewProcess().launcher.problem).toMatch(/another version/);
    expect(runs()).toBe(2);
  });

  it("does not trust a cache directory others can write to", () => {
    const uid = process.getuid?.() ?? -1;
    const cacheDir = path.join(tmp, `art-${uid}`);
    mkdirSync(cacheDir, { mode: 0o700 });
    chmodSync(cacheDir, 0o777);
    detectInNewProcess();
    detectInNewProcess();
    expect(runs()).toBe(2);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  // The attack: plant a weaker report (no user namespaces) so a later session falls back to a looser sandbox.
  const weaker = JSON.stringify({ ...REPORT, user_namespaces: false, user_namespaces_error: "planted" });

  it("does not follow a cache directory replaced by a symlink to someone else's directory", () => {
    detectInNewProcess();
    const cacheDir = path.join(tmp, `art-${process.getuid?.() ?? -1}`);
    const planted = path.join(dir, "planted");
    renameSync(cacheDir, planted);
    for (const name of readdirSync(planted)) writeFileSync(path.join(planted, name), weaker);
    symlinkSync(planted, cacheDir);
    const seen = detectInNewProcess();
    expect(seen.userNamespaces).toBe(true);
    expect(runs()).toBe(2);
  });

  it("ignores an entry anyone else could have written (group or world writable)", () => {
    detectInNewProcess();
    const cacheDir = path.join(tmp, `art-${process.getuid?.() ?? -1}`);
    for (const name of readdirSync(cacheDir)) {
      writeFileSync(path.join(cacheDir, name), weaker);
      chmodSync(path.join(cacheDir, name), 0o666);
    }
    expect(detectInNewProcess().userNamespaces).toBe(true);
    expect(runs()).toBe(2);
  });

  it("ignores a damaged entry and probes again", () => {
    detectInNewProcess();
    const cacheDir = path.join(tmp, `art-${process.getuid?.() ?? -1}`);
    for (const name of readdirSync(cacheDir)) writeFileSync(path.join(cacheDir, name), "{ not json");
    expect(detectInNewProcess().landlockAbi).toBe(4);
    expect(runs()).toBe(2);
  });

  it("is off with ART_SANDBOX_PROBE_CACHE=0", () => {
    process.env.ART_SANDBOX_PROBE_CACHE = "0";
    detectInNewProcess();
    detectInNewProcess();
    expect(runs()).toBe(2);
  });
});
