// \`art acp\` as a child process driven by the ACP SDK's own client: sessions across processes, MCP, errors.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acp, acpPeers, agentText, initialized, script, updatesOfKind } from "../support/acp-peer.js";
import { ART_BIN, REPO_ROOT } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const require = createRequire(import.meta.url);
const RECORDER = path.join(REPO_ROOT, "test", "e2e", "fixtures", "record-modules.mjs");
const EVERYTHING = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");
const peer = acpPeers();

describe("art acp sessions, driven by the ACP SDK's client", () => {
  it("session/load replays an earlier session's conversation in a new agent process", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const model = script(tempDir(), [
      { toolCalls: [{ name: "write_file", arguments: { path: "notes.md", content: "hello\n" } }] },
      { text: "Wrote the notes." },
      { text: "Still here." },
    ]);
    writeFileSync(path.join(dir, "notes.md"), "old notes\n");
    const first = peer(["--model", model], home);
    await initialized(first);
    const { sessionId } = await first.agent.request(acp.methods.agent.session.new, {
      cwd: dir,
      mcpServers: [],
    });
    first.answers.push("approve-once");
    await first.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "write notes" }],
    });
    const liveDiff = updatesOfKind(first.updates, "tool_call_update", sessionId)
      .flatMap((update) => update.content ?? [])
      .find((content) => content.type === "diff");
    expect(liveDiff).toEqual({
      type: "diff",
      path: path.join(dir, "notes.md"),
      oldText: "old notes\n",
      newText: "hello\n",
    });
    await first.close();

    const second = peer(["--model", model], home);
    const init = await initialized(second);
    expect(init.agentCapabilities?.loadSession).toBe(true);
    await second.agent.request(acp.methods.agent.session.load, { sessionId, cwd: dir, mcpServers: [] });
    const users = updatesOfKind(second.updates, "user_message_chunk", sessionId);
    expect(users.map((update) => (update.content.type === "text" ? update.content.text : ""))).toEqual([
      "write notes",
    ]);
    expect(agentText(second.updates, sessionId)).toBe("Wrote the notes.");
    const [call] = updatesOfKind(second.updates, "tool_call", sessionId);
    expect(call).toMatchObject({ kind: "edit", title: "Write notes.md" });
    const next = await second.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "still there?" }],
    });
    expect(next.stopReason).toBe("end_turn");
    expect(agentText(second.updates, sessionId)).toBe("Wrote the notes.Still here.");
  });

  it("modes switch the sandbox (journaled as settings); session/resume continues without a replay", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const model = script(tempDir(), [
      { toolCalls: [{ name: "shell", arguments: { command: "touch blocked.txt" } }] },
      { text: "Could not." },
      { toolCalls: [{ name: "shell", arguments: { command: "touch allowed.txt" } }] },
      { text: "Could." },
      { text: "Resumed." },
    ]);
    const first = peer(["--model", model, "--approval", "on-failure"], home);
    await initialized(first);
    const { sessionId } = await first.agent.request(acp.methods.agent.session.new, {
      cwd: dir,
      mcpServers: [],
    });
    await first.agent.request(acp.methods.agent.session.setMode, { sessionId, modeId: "read-only" });
    await first.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "make blocked.txt" }],
    });
    expect(existsSync(path.join(dir, "blocked.txt"))).toBe(false);
    await first.agent.request(acp.methods.agent.session.setMode, { sessionId, modeId: "workspace-write" });
    await first.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "make allowed.txt" }],
    });
    expect(existsSync(path.join(dir, "allowed.txt"))).toBe(true);
    await first.close();
    const shown = execFileSync(process.execPath, [path.resolve("bin/art"), "show", sessionId, "--json"], {
      env: { ...process.env, ART_HOME: home, HOME: home },
      encoding: "utf8",
    });
    const events = shown
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { type: string; settings?: { sandbox: string } });
    expect(events.find((event) => event.type === "session.started")?.settings?.sandbox).toBe("read-only");
    expect(events.find((event) => event.type === "settings.changed")?.settings?.sandbox).toBe(
      "workspace-write",
    );

    const second = peer(["--model", model], home);
    await initialized(second);
    const resumed = await second.agent.request(acp.methods.agent.session.resume, { sessionId, cwd: dir });
    expect(resumed.modes?.currentModeId).toBe("workspace-write");
    expect(second.updates).toEqual([]);
    const next = await second.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "still there?" }],
    });
    expect(next.stopReason).toBe("end_turn");
    expect(agentText(second.updates, sessionId)).toBe("Resumed.");
  });

  it("connects an MCP server the editor passes in session/new and calls its tool", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const model = script(tempDir(), [
      { toolCalls: [{ name: "mcp__everything__echo", arguments: { message: "from the editor" } }] },
      { text: "Echoed." },
    ]);
    const editor = peer(["--model", model, "--approval", "on-failure"], home);
    await initialized(editor);
    const { sessionId } = await editor.agent.request(acp.methods.agent.session.new, {
      cwd: dir,
      mcpServers: [{ name: "everything", command: process.execPath, args: [EVERYTHING, "stdio"], env: [] }],
    });
    const response = await editor.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "echo something" }],
    });
    expect(response.stopReason).toBe("end_turn");
    const result = updatesOfKind(editor.updates, "tool_call_update", sessionId).at(-1);
    expect(result?.status).toBe("completed");
    expect(JSON.stringify(result?.content)).toContain("Echo: from the editor");
  });

  it("answers bad input with protocol errors and keeps serving", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const editor = peer(["--model", script(tempDir(), [{ text: "ok" }])], home);
    await initialized(editor);
    const unknown = editor.agent.request(acp.methods.agent.session.prompt, {
      sessionId: "ses_nope",
      prompt: [{ type: "text", text: "hello" }],
    });
    await expect(unknown).rejects.toMatchObject({
      code: -32002,
      message: expect.stringContaining("ses_nope"),
    });
    const load = editor.agent.request(acp.methods.agent.session.load, {
      sessionId: "ses_nope",
      cwd: dir,
      mcpServers: [],
    });
    await expect(load).rejects.toMatchObject({ code: -32002 });
    const relative = editor.agent.request(acp.methods.agent.session.new, {
      cwd: "relative/dir",
      mcpServers: [],
    });
    await expect(relative).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining("absolute"),
    });
    const { sessionId } = await editor.agent.request(acp.methods.agent.session.new, {
      cwd: dir,
      mcpServers: [],
    });
    const mode = editor.agent.request(acp.methods.agent.session.setMode, { sessionId, modeId: "yolo" });
    await expect(mode).rejects.toMatchObject({ code: -32602 });
    const response = await editor.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "hello" }],
    });
    expect(response.stopReason).toBe("end_turn");
    expect(editor.stderr()).not.toMatch(/internal error|\n\s+at /);
  });
});

describe("art acp as a command", () => {
  it("without a model exits 2 with the reason on stderr and nothing on stdout (the protocol stream)", () => {
    const home = tempDir("art-home-");
    const env: NodeJS.ProcessEnv = { ...process.env, ART_HOME: home, HOME: home };
    delete env.ART_MODEL;
    const result = spawnSync(process.execPath, [ART_BIN, "acp"], { env, encoding: "utf8", input: "" });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/No model: pass --model/);
  });

  it("is not loaded by art exec: the ACP SDK stays out of its module graph", () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const log = path.join(tempDir(), "modules.txt");
    writeFileSync(log, "");
    const result = spawnSync(
      process.execPath,
      [
        "--import",
        RECORDER,
        ART_BIN,
        "exec",
        "--model",
        script(tempDir(), [{ text: "hi" }]),
        "--cwd",
        dir,
        "hi",
      ],
      {
        env: { ...process.env, ART_HOME: home, HOME: home, ART_UNBUNDLED: "1", ART_TEST_MODULE_LOG: log },
        encoding: "utf8",
        input: "",
      },
    );
    expect(result.status).toBe(0);
    const loaded = readFileSync(log, "utf8").split("\n");
    // The recorder works: the command's own modules are in the log.
    expect(loaded.some((url) => url.includes("/dist/cli/commands/exec.js"))).toBe(true);
    expect(
      loaded.filter((url) => url.includes("@agentclientprotocol") || url.includes("/dist/acp/")),
    ).toEqual([]);
  });
});
