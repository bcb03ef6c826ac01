// tools/list_changed into a running `art acp` session: a real MCP server (the SDK's McpServer) adds a tool when
// its `grow` tool is called; the session's next prompt offers it to the model (journaled as definition.changed, so
// a resume sees the same set) and the call reaches the server.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acp, acpPeers, initialized, script, updatesOfKind } from "../support/acp-peer.js";
import { REPO_ROOT, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const CHANGING = path.join(REPO_ROOT, "test", "support", "mcp", "changing-tools-server.mjs");
const peer = acpPeers();

describe("tools/list_changed reaches a running ACP session", () => {
  it("a tool the server adds mid-session is offered at the next prompt, called, and journaled", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const model = script(tempDir(), [
      { toolCalls: [{ name: "mcp__changing__grow", arguments: {} }] },
      { text: "Grown." },
      { toolCalls: [{ name: "mcp__changing__grown_1", arguments: {} }] },
      { text: "Called the new tool." },
    ]);
    const editor = peer(["--model", model, "--approval", "never", "--sandbox", "full-access"], home);
    await initialized(editor);
    const { sessionId } = await editor.agent.request(acp.methods.agent.session.new, {
      cwd: dir,
      mcpServers: [{ name: "changing", command: process.execPath, args: [CHANGING], env: [] }],
    });
    const first = await editor.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "grow a tool" }],
    });
    expect(first.stopReason).toBe("end_turn");
    const second = await editor.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "call the new tool" }],
    });
    expect(second.stopReason).toBe("end_turn");
    const results = updatesOfKind(editor.updates, "tool_call_update", sessionId)
      .filter((update) => update.status === "completed" || update.status === "failed")
      .map((update) => ({
        status: update.status,
        text: (update.content ?? [])
          .map((part) => (part.type === "content" && part.content.type === "text" ? part.content.text : ""))
          .join(""),
      }));
    expect(results).toEqual([
      { status: "completed", text: expect.stringContaining("now 2 tools") },
      { status: "completed", text: expect.stringContaining("grown 1") },
    ]);
    const shown = await runArt(["show", sessionId, "--json"], { env: { ART_HOME: home, HOME: home } });
    expect(shown.code, shown.stderr).toBe(0);
    const changed = shown.stdout.split("\n").filter((line) => line.includes('"type":"definition.changed"'));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.at(-1)).toContain("mcp__changing__grown_1");
  }, 60_000);
});
