import type { Agent } from "../../orchestrator/index.js";

/** The paths a session changed (see `filesChangedBy`); the checkpoint module loads only when a node finishes. */
export async function collectFilesChanged(agent: Agent, sessionId: string): Promise<string[]> {
  const { filesChangedBy } = await import("../../checkpoint/index.js");
  return filesChangedBy(agent.events(sessionId), agent.artHome);
}
