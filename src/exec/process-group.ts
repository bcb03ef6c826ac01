import type { ChildProcess } from "node:child_process";

/** Sends `signal` to the whole process group led by `child` (spawned with `detached: true`). */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals | number): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Asks the group to stop, then kills it after `graceMs` with `killSignal` (default SIGKILL; a launcher that
 * supervises the command names its own signal, on which it kills the command's whole tree and cleans up — SIGKILL
 * would end the launcher first and leave whatever left the group behind). SIGKILL follows after another grace in
 * any case. Resolves once the leader has exited (or at once if it already had).
 */
export function terminateGroup(
  child: ChildProcess,
  graceMs: number,
  killSignal: NodeJS.Signals | number = "SIGKILL",
): Promise<void> {
  signalGroup(child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child, killSignal), graceMs);
  const lastResort = setTimeout(() => signalGroup(child, "SIGKILL"), 2 * graceMs + 1000);
  timer.unref();
  lastResort.unref();
  const done = () => {
    clearTimeout(timer);
    clearTimeout(lastResort);
  };
  if (child.exitCode !== null || child.signalCode !== null) {
    done();
    signalGroup(child, "SIGKILL");
    return Promise.resolve();
  }
  return new Promise((resolve) =>
    child.once("exit", () => {
      done();
      // Stragglers in the group die with the leader.
      signalGroup(child, "SIGKILL");
      resolve();
    }),
  );
}
