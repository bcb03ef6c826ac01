import type { AgentEvent } from "../core/index.js";
import { Checkpointer } from "./checkpointer.js";

/**
 * The paths a session changed, from its events: the diff between its first turn-start and last turn-end
 * checkpoints (which sees what shell commands did), plus the files its patches and writes named (all there is
 * when checkpoints are off).
 */
export async function filesChangedBy(
  events: AsyncIterable<{ event: AgentEvent }> | Iterable<{ event: AgentEvent }>,
  artHome: string,
): Promise<string[]> {
  const files = new Set<string>();
  const writes = new Map<string, string>();
  let start: string | undefined;
  let end: string | undefined;
  let cwd: string | undefined;
  for await (const { event } of events) {
    if (event.type === "session.started") cwd = event.cwd;
    else if (event.type === "checkpoint.created") {
      if (event.phase === "turn-start" && !start) start = event.checkpointId;
      if (event.phase === "turn-end") end = event.checkpointId;
    } else if (event.type === "patch.applied") for (const file of event.files) files.add(file.path);
    else if (event.type === "tool.call" && event.name === "write_file") {
      const target = (event.arguments as { path?: unknown } | undefined)?.path;
      if (typeof target === "string") writes.set(event.callId, target);
    } else if (event.type === "tool.result" && event.ok && writes.has(event.callId))
      files.add(writes.get(event.callId)!);
  }
  if (start && end && cwd) {
    try {
      const checkpointer = await Checkpointer.open({ workspace: cwd, artHome });
      for (const change of (await checkpointer.diff(start, end)).files) files.add(change.path);
    } catch {
      // The checkpoint store can be pruned or unreadable; the journal's own record of writes still stands.
    }
  }
  return [...files].sort();
}
