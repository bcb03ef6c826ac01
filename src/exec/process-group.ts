import type { ChildProcess } from "node:child_process";

/** Sends `signal` to the whole process group led by `child` (spawned with `detached: true`). */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Asks the group to stop, then kills it after `graceMs`. Resolves once the leader has exited (or at once if it
 * already had).
 */
export function terminateGroup(child: ChildProcess, graceMs: number): Promise<void> {
  signalGroup(child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
  timer.unref();
  if (child.exitCode !== null || child.signalCode !== null) {
    clearTimeout(timer);
    signalGroup(child, "SIGKILL");
    return Promise.resolve();
  }
  return new Promise((resolve) =>
    child.once("exit", () => {
      clearTimeout(timer);
      // Stragglers in the group die with the leader.
      signalGroup(child, "SIGKILL");
      resolve();
    }),
  );
}
