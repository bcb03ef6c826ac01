import { createHash } from "node:crypto";

/**
 * The child session of one `spawn_agent` call: derived from the parent session and the call, so a call that runs
 * again after a crash finds the child the first run started (and reuses or resumes it) instead of starting another.
 */
export function childSessionId(parentSessionId: string, callId: string): string {
  const digest = createHash("sha256").update(`${parentSessionId}\u0000${callId}`).digest("hex");
  return `ses_sub${digest.slice(0, 24)}`;
}
