import { createHash } from "node:crypto";
import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A per-boot cache of the launcher's `--probe` output, so `art exec` and `art resume` do not spawn the launcher
 * before their first model request (a spawnSync from a Node process with a loaded heap costs ~10 ms).
 *
 * Why it is safe to reuse: what the probe reports (Landlock ABI, seccomp, namespaces, cgroup pids controller) is
 * fixed by the running kernel, the launcher binary, the process's user and its cgroup. The key holds all of them:
 * the boot id (a new one at every boot, so a kernel upgrade or a changed boot-time setting invalidates it), the
 * launcher's path, inode, size and mtime (a rebuilt launcher is probed afresh), the uid and `/proc/self/cgroup`.
 * A sysctl changed at run time (e.g. `kernel.unprivileged_userns_clone`) is not in the key: `art doctor` always
 * probes afresh, and the launcher itself still refuses a layer it cannot apply, so a stale entry makes a command
 * fail, never run with less confinement than the session reports.
 *
 * Where it lives: `$TMPDIR/art-<uid>/` (cleared at boot on most systems), a directory that must be ours and not
 * writable by anyone else, else the cache is not used: another user must not be able to plant a report. The entry
 * is written to a temporary file and renamed (a crash leaves the old entry or none, never half of one); its content
 * is still parsed by the probe's own schema, like the launcher's output.
 */

/** Bumped when the entry's shape changes; part of the key, so an older entry is never read. */
const CACHE_SCHEMA_VERSION = 1;

/** `ART_SANDBOX_PROBE_CACHE=0` turns the cache off (tests that change the machine under the probe). */
const DISABLE_ENV = "ART_SANDBOX_PROBE_CACHE";

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** The cache file for this launcher on this boot, or undefined when there is no safe place or key. */
function cacheFile(launcherPath: string): string | undefined {
  if (process.platform !== "linux") return undefined;
  const value = process.env[DISABLE_ENV];
  if (value === "0" || value === "false") return undefined;
  const bootId = readOrEmpty("/proc/sys/kernel/random/boot_id").trim();
  if (!bootId) return undefined;
  const uid = process.getuid?.() ?? -1;
  let launcher: { ino: number; size: number; mtimeMs: number };
  try {
    launcher = statSync(launcherPath);
  } catch {
    return undefined;
  }
  const dir = path.join(os.tmpdir(), `art-${uid}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const info = lstatSync(dir);
    // Ours, a real directory (not a planted symlink), writable by no one else.
    if (!info.isDirectory() || info.uid !== uid || (info.mode & 0o022) !== 0) return undefined;
  } catch {
    return undefined;
  }
  const key = createHash("sha256")
    .update(
      JSON.stringify([
        CACHE_SCHEMA_VERSION,
        bootId,
        uid,
        path.resolve(launcherPath),
        launcher.ino,
        launcher.size,
        launcher.mtimeMs,
        readOrEmpty("/proc/self/cgroup"),
      ]),
    )
    .digest("hex")
    .slice(0, 32);
  return path.join(dir, `sandbox-probe-${key}.json`);
}

/** The cached probe output for this launcher on this boot, if there is one (and it is ours). */
export function readCachedProbe(launcherPath: string): string | undefined {
  const file = cacheFile(launcherPath);
  if (!file) return undefined;
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.uid !== (process.getuid?.() ?? -1) || (info.mode & 0o022) !== 0)
      return undefined;
    return readFileSync(fd, "utf8");
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Remembers a successful probe's output; best effort (a read-only or full disk only costs the next probe). */
export function writeCachedProbe(launcherPath: string, stdout: string): void {
  const file = cacheFile(launcherPath);
  if (!file) return;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, stdout, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // Not cached: the next run probes again.
  }
}
