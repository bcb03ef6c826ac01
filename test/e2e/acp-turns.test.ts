// \`art acp\` as a child process driven by the ACP SDK's own client: turns, permissions and cancels.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  acp,
  acpPeers,
  agentText,
  initialized,
  script,
  updatesOfKind,
  waitForProcess,
} from "../support/acp-peer.js";
import { startMockLlmServer } from "../support/mock-llm-server/index.js";
import { tempDir } from "../support/temp-workspace.js";

const peer = acpPeers();

describe("art acp turns, driven by the ACP SDK's client", () => {
  it("initializes, streams a prompt's updates and asks permission (allow once runs the command)", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const model = script(tempDir(), [
      {
        text: "I will make the file.",
        toolCalls: [{ name: "shell", arguments: { command: "touch made.txt" } }],
      },
      { text: "Made it." },
    ]);
    const editor = peer(["--model", model, "--approval", "untrusted"], home);
    const init = await initialized(editor);
    expect(init.agentCapabilities?.loadSession).toBe(true);
    expect(init.agentCapabilities?.sessionCapabilities?.list).toBeTruthy();
    expect(init.agentCapabilities?.sessionCapabilities?.resume).toBeTruthy();
    const session = await editor.agent.request(acp.methods.agent.session.new, { cwd: dir, mcpServers: [] });
    expect(session.modes?.currentModeId).toBe("workspace-write");
    expect(session.modes?.availableModes.map((mode) => mode.id)).toEqual([
      "read-only",
      "workspace-write",
      "full-access",
    ]);
    editor.answers.push("approve-once");
    const response = await editor.agent.request(acp.methods.agent.session.prompt, {
      sessionId: session.sessionId,
      prompt: [{ type: "text", text: "make a file" }],
    });
    expect(response.stopReason).toBe("end_turn");
    expect(existsSync(path.join(dir, "made.txt"))).toBe(true);
    expect(agentText(editor.updates, session.sessionId)).toBe("I will make the file.Made it.");
    const [call] = updatesOfKind(editor.updates, "tool_call", session.sessionId);
    expect(call).toMatchObject({ kind: "execute", title: "touch made.txt", status: "pending" });
    expect(editor.permissions).toHaveLength(1);
    expect(editor.permissions[0]!.toolCall.toolCallId).toBe(call!.toolCallId);
    expect(editor.permissions[0]!.options.map((option) => option.kind)).toEqual([
      "allow_once",
      "allow_always",
      "reject_once",
    ]);
    const statuses = updatesOfKind(editor.updates, "tool_call_update", session.sessionId)
      .filter((update) => update.toolCallId === call!.toolCallId)
      .map((update) => update.status);
    expect(statuses.at(-1)).toBe("completed");
    expect(updatesOfKind(editor.updates, "usage_update", session.sessionId).length).toBeGreaterThan(0);
    // Nothing but protocol on stdout: the SDK would have failed to parse anything else; stderr has no crash.
    expect(editor.stderr()).not.toMatch(/internal error|Error:/);
  });

  it("reject refuses the call; allow always runs it and saves a project rule", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const model = script(tempDir(), [
      { toolCalls: [{ name: "shell", arguments: { command: "touch rejected.txt" } }] },
      { text: "Not allowed." },
      { toolCalls: [{ name: "shell", arguments: { command: "touch always.txt" } }] },
      { text: "Done." },
    ]);
    const editor = peer(["--model", model, "--approval", "untrusted"], home);
    await initialized(editor);
    const { sessionId } = await editor.agent.request(acp.methods.agent.session.new, {
      cwd: dir,
      mcpServers: [],
    });
    editor.answers.push("deny");
    const first = await editor.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "try it" }],
    });
    expect(first.stopReason).toBe("end_turn");
    expect(existsSync(path.join(dir, "rejected.txt"))).toBe(false);
    const failed = updatesOfKind(editor.updates, "tool_call_update", sessionId).at(-1);
    expect(failed?.status).toBe("failed");

    editor.answers.push("approve-always");
    const second = await editor.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "now the other one" }],
    });
    expect(second.stopReason).toBe("end_turn");
    expect(existsSync(path.join(dir, "always.txt"))).toBe(true);
    const rules = readFileSync(path.join(dir, ".art", "rules.toml"), "utf8");
    expect(rules).toContain("touch");
    expect(editor.permissions).toHaveLength(2);
  });

  it("session/cancel kills the running command; the session is journaled and answers the next prompt", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const marker = `${Math.floor(Math.random() * 1e6) + 1000}.5`;
    const model = script(tempDir(), [
      { toolCalls: [{ name: "shell", arguments: { command: `sleep ${marker}` } }] },
      { text: "Continued after the cancel." },
      { text: "And answered the follow-up." },
    ]);
    const editor = peer(["--model", model, "--approval", "untrusted"], home);
    await initialized(editor);
    const { sessionId } = await editor.agent.request(acp.methods.agent.session.new, {
      cwd: dir,
      mcpServers: [],
    });
    editor.answers.push("approve-once");
    const prompt = editor.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "wait a long time" }],
    });
    await editor.waitForUpdate((updates) =>
      updatesOfKind(updates, "tool_call_update", sessionId).some((update) => update.status === "in_progress"),
    );
    await waitForProcess(marker, true);
    await editor.agent.notify(acp.methods.agent.session.cancel, { sessionId });
    expect((await prompt).stopReason).toBe("cancelled");
    await waitForProcess(marker, false);

    const next = await editor.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "go on" }],
    });
    expect(next.stopReason).toBe("end_turn");
    const list = await editor.agent.request(acp.methods.agent.session.list, { cwd: dir });
    expect(list.sessions.map((info) => info.sessionId)).toContain(sessionId);
    const shown = execFileSync(process.execPath, [path.resolve("bin/art"), "show", sessionId, "--json"], {
      env: { ...process.env, ART_HOME: home, HOME: home },
      encoding: "utf8",
    });
    expect(shown).toContain("turn.interrupted");
  });

  it("SIGTERM (the editor stopping its agent) cancels the turn: journaled, the command killed, exit 143", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const marker = `${Math.floor(Math.random() * 1e6) + 1000}.25`;
    const model = script(tempDir(), [
      { toolCalls: [{ name: "shell", arguments: { command: `sleep ${marker}` } }] },
      // The next prompt first finishes the interrupted turn, then answers itself.
      { text: "Back after the restart." },
      { text: "Answering go on." },
    ]);
    const first = peer(["--model", model, "--approval", "on-failure"], home);
    await initialized(first);
    const { sessionId } = await first.agent.request(acp.methods.agent.session.new, {
      cwd: dir,
      mcpServers: [],
    });
    const prompt = first.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "wait" }],
    });
    prompt.catch(() => undefined);
    await waitForProcess(marker, true);
    const exited = new Promise<number | null>((resolve) => first.child.once("exit", (code) => resolve(code)));
    first.child.kill("SIGTERM");
    expect(await exited).toBe(143);
    await waitForProcess(marker, false);

    const second = peer(["--model", model], home);
    await initialized(second);
    await second.agent.request(acp.methods.agent.session.load, { sessionId, cwd: dir, mcpServers: [] });
    const replayed = updatesOfKind(second.updates, "tool_call_update", sessionId).at(-1);
    expect(replayed?.status).toBe("failed");
    const next = await second.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "go on" }],
    });
    expect(next.stopReason).toBe("end_turn");
    expect(agentText(second.updates, sessionId)).toContain("Back after the restart.Answering go on.");
  });

  it("streams thoughts, a plan and usage from a real provider protocol (Anthropic Messages, mock server)", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const server = await startMockLlmServer({
      responses: [
        {
          reasoning: "First a plan.",
          text: "Planning.",
          toolCalls: [
            { name: "update_plan", arguments: { plan: [{ step: "Read the code", status: "in_progress" }] } },
          ],
        },
        { text: "Planned." },
      ],
    });
    try {
      const editor = peer(["--model", "anthropic:claude-test", "--base-url", `${server.url}/v1`], home, {
        ANTHROPIC_API_KEY: "test",
      });
      await initialized(editor);
      const { sessionId } = await editor.agent.request(acp.methods.agent.session.new, {
        cwd: dir,
        mcpServers: [],
      });
      const response = await editor.agent.request(acp.methods.agent.session.prompt, {
        sessionId,
        prompt: [{ type: "text", text: "plan it" }],
      });
      expect(response.stopReason).toBe("end_turn");
      const thoughts = updatesOfKind(editor.updates, "agent_thought_chunk", sessionId)
        .map((update) => (update.content.type === "text" ? update.content.text : ""))
        .join("");
      expect(thoughts).toBe("First a plan.");
      expect(agentText(editor.updates, sessionId)).toBe("Planning.Planned.");
      expect(updatesOfKind(editor.updates, "plan", sessionId)).toEqual([
        {
          sessionUpdate: "plan",
          entries: [{ content: "Read the code", priority: "medium", status: "in_progress" }],
        },
      ]);
      expect(updatesOfKind(editor.updates, "tool_call", sessionId)[0]).toMatchObject({ kind: "think" });
      const usage = updatesOfKind(editor.updates, "usage_update", sessionId);
      expect(usage).toHaveLength(2);
      expect(usage[0]!.used).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it("a cancel while the editor is still asking withdraws the question and runs nothing", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const model = script(tempDir(), [
      { toolCalls: [{ name: "shell", arguments: { command: "touch never.txt" } }] },
      { text: "unused" },
    ]);
    const editor = peer(["--model", model, "--approval", "untrusted"], home);
    await initialized(editor);
    const { sessionId } = await editor.agent.request(acp.methods.agent.session.new, {
      cwd: dir,
      mcpServers: [],
    });
    editor.answers.push("hold");
    const prompt = editor.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "make it" }],
    });
    await editor.waitForPermission();
    await editor.agent.notify(acp.methods.agent.session.cancel, { sessionId });
    expect((await prompt).stopReason).toBe("cancelled");
    expect(await editor.withdrawn).toBe(true);
    expect(existsSync(path.join(dir, "never.txt"))).toBe(false);
  });
});
