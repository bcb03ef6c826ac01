import type { SandboxMode } from "../core/index.js";
import { contextWindowFor } from "../model/index.js";
import type { Runtime } from "../runtime/index.js";
import type { ClientChannel } from "./client-channel.js";
import { EventUpdates } from "./event-updates.js";

/** What a replayed journal says about the session now. */
export interface ReplayedSession {
  cwd: string;
  sandbox: SandboxMode;
}

/**
 * `session/load`: the session's whole journal sent as `session/update`s — the user's messages, the agent's, its
 * thoughts, tool calls and results, plans — so the editor shows the conversation as it was. With `send` undefined
 * (`session/resume`) nothing is sent; either way the workspace and the sandbox mode it runs under now come back.
 */
export async function replaySession(
  runtime: Runtime,
  sessionId: string,
  send: ClientChannel["update"] | undefined,
): Promise<ReplayedSession> {
  let cwd = "";
  let sandbox: SandboxMode = "workspace-write";
  let updates: EventUpdates | undefined;
  for await (const stored of runtime.subscribe(sessionId)) {
    const event = stored.event;
    if (event.type === "session.started" || event.type === "settings.changed") {
      if (event.type === "session.started") cwd = event.cwd;
      sandbox = event.settings.sandbox;
      updates ??= new EventUpdates({
        cwd,
        mode: "replay",
        contextWindow: contextWindowFor(event.settings.model),
      });
    }
    if (!send || !updates) continue;
    for (const update of updates.updatesOf(stored)) await send({ sessionId, update });
  }
  return { cwd, sandbox };
}
