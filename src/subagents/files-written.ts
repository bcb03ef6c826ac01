import type { Journal } from "../store/index.js";

/**
 * The files a session wrote, from its journal: every `patch.applied` file and every successful built-in
 * `write_file`, in first-write order (paths as the tools named them).
 */
export async function filesWritten(journal: Journal, sessionId: string): Promise<string[]> {
  const written = new Set<string>();
  const writes = new Map<string, string>();
  for await (const { event } of journal.read(sessionId)) {
    if (event.type === "tool.call" && event.name === "write_file") {
      const target = (event.arguments as { path?: unknown } | undefined)?.path;
      if (typeof target === "string") writes.set(event.callId, target);
    } else if (event.type === "tool.result" && event.ok && writes.has(event.callId)) {
      written.add(writes.get(event.callId)!);
    } else if (event.type === "patch.applied") {
      for (const file of event.files) written.add(file.path);
    }
  }
  return [...written];
}
