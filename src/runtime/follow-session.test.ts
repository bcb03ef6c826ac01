import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startArt } from "../../test/support/art-process.js";
import { tempDir } from "../../test/support/temp-workspace.js";
import type { StoredEvent } from "../core/index.js";
import { Runtime } from "./runtime.js";

async function firstSession(runtime: Runtime, signal: AbortSignal): Promise<string> {
  for (;;) {
    const [session] = await runtime.sessions({ limit: 1 });
    if (session) return session.id;
    if (signal.aborted) throw new Error("no session appeared");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("following a session that another process runs", () => {
  it("receives exactly the stored events, in order, from its start to the end of the run", async () => {
    const home = tempDir("art-home-");
    const workspace = tempDir();
    const script = path.join(tempDir(), "script.json");
    // Steps that take a while, so the follower attaches while the session runs.
    const steps = Array.from({ length: 4 }, (_, i) => ({
      toolCalls: [{ name: "shell", arguments: { command: `sleep 0.2; echo step ${i}` } }],
    }));
    writeFileSync(script, JSON.stringify({ responses: [...steps, { text: "Done following." }] }));
    const env = { ART_HOME: home, HOME: home };
    const runtime = await Runtime.open({ artHome: home, env: { ...process.env, ...env } });
    const writer = startArt(
      ["exec", "--model", `scripted:${script}`, "--sandbox", "full-access", "--cwd", workspace, "go"],
      { env },
    );
    const deadline = AbortSignal.timeout(25_000);
    try {
      const sessionId = await firstSession(runtime, deadline);
      const followed: StoredEvent[] = [];
      let runningWhenFollowed = false;
      for await (const stored of runtime.subscribe(sessionId, 1, {
        follow: true,
        untilEnded: true,
        signal: deadline,
      })) {
        if (followed.length === 0) runningWhenFollowed = writer.child.exitCode === null;
        followed.push(stored);
      }
      // It followed a live run, not a finished journal.
      expect(runningWhenFollowed).toBe(true);
      expect(await writer.exited).toBe(0);
      const read: StoredEvent[] = [];
      for await (const stored of runtime.journal.read(sessionId)) read.push(stored);
      expect(followed.at(-1)?.event).toMatchObject({ type: "session.ended", reason: "completed" });
      // Exactly what is stored: no gap, no duplicate, the same objects field for field.
      expect(followed).toEqual(read);
      expect(followed.map((stored) => stored.seq)).toEqual(read.map((_, index) => index + 1));
      expect(followed.filter((stored) => stored.event.type === "tool.result")).toHaveLength(4);
    } finally {
      writer.child.kill("SIGKILL");
      await runtime.close();
    }
  });
});
