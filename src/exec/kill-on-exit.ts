import type { ChildProcess } from "node:child_process";
import { signalGroup } from "./process-group.js";

const live = new Map<ChildProcess, NodeJS.Signals | number>();
let hooked = false;

function killAll(): void {
  for (const [child, signal] of live) signalGroup(child, signal);
  live.clear();
}

/**
 * Kills the process group led by `child` (spawned with `detached: true`) if the runtime exits while it runs. This
 * is the last line of defence for commands the launcher does not supervise (no launcher on this machine): it runs
 * on every `exit` of the Node process (normal end, `process.exit`, an uncaught error), but not when the process
 * is killed by a signal it does not handle, such as SIGKILL. `killSignal` as for `terminateGroup`. Returns the
 * function that stops tracking `child`.
 */
export function killGroupOnExit(
  child: ChildProcess,
  killSignal: NodeJS.Signals | number = "SIGKILL",
): () => void {
  if (!hooked) {
    hooked = true;
    process.on("exit", killAll);
  }
  live.set(child, killSignal);
  return () => {
    live.delete(child);
  };
}
