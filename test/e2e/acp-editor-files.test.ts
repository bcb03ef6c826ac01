// An editor that offers fs/read_text_file and fs/write_text_file (the SDK's client, with buffers of its own): our
// file tools read its unsaved buffers and write through it, after the same path checks as ever; patches are
// computed by our patch engine; commands still run in our sandbox, never in the editor's terminal.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acp, acpPeers, type EditorBuffers, script, updatesOfKind } from "../support/acp-peer.js";
import { runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const peer = acpPeers();

/** The scripted model's call ids (`call_<response>_<index>`), by what each call does. */
const CALL = {
  read: "call_0_0",
  patch: "call_0_1",
  write: "call_0_2",
  deep: "call_0_3",
  escape: "call_0_4",
  hook: "call_0_5",
  shell: "call_0_6",
};

const PATCH = `*** Begin Patch
*** Update File: notes.txt
@@
-unsaved line
+patched line
*** End Patch`;

/** The text of each tool call's final update, by call id. */
function results(updates: Parameters<typeof updatesOfKind>[0], sessionId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const update of updatesOfKind(updates, "tool_call_update", sessionId)) {
    const text = (update.content ?? [])
      .map((part) => (part.type === "content" && part.content.type === "text" ? part.content.text : ""))
      .join("");
    if (text) out.set(update.toolCallId, text);
  }
  return out;
}

describe("art acp with an editor's fs/* (the SDK's client offering them)", () => {
  it("reads unsaved buffers, writes and patches through the editor, and keeps the sandbox's path checks", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const notes = path.join(dir, "notes.txt");
    writeFileSync(notes, "first line\nsaved line\n");
    mkdirSync(path.join(dir, "src"));
    const editor: EditorBuffers = {
      // The user typed in the editor without saving: only the editor knows this text.
      buffers: new Map([[notes, "first line\nunsaved line\n"]]),
      reads: [],
      writes: [],
    };
    const model = script(tempDir(), [
      {
        toolCalls: [
          { name: "read_file", arguments: { path: "notes.txt" } },
          { name: "apply_patch", arguments: { patch: PATCH } },
          { name: "write_file", arguments: { path: "src/new.txt", content: "hello\n" } },
          { name: "write_file", arguments: { path: "deep/er/made.txt", content: "made\n" } },
          { name: "write_file", arguments: { path: "../outside.txt", content: "no\n" } },
          { name: "write_file", arguments: { path: ".git/hooks/pre-commit", content: "no\n" } },
          { name: "shell", arguments: { command: "cat notes.txt" } },
        ],
      },
      { text: "Done." },
    ]);
    const editorPeer = peer(["--model", model, "--approval", "never"], home, {}, editor);
    await editorPeer.agent.request(acp.methods.agent.initialize, {
      protocolVersion: acp.PROTOCOL_VERSION,
      clientCapabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: true },
    });
    const { sessionId } = await editorPeer.agent.request(acp.methods.agent.session.new, {
      cwd: dir,
      mcpServers: [],
    });
    const response = await editorPeer.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "edit the notes" }],
    });
    expect(response.stopReason).toBe("end_turn");
    const texts = results(editorPeer.updates, sessionId);

    // read_file saw the unsaved buffer, not the disk.
    expect(texts.get(CALL.read)).toContain("unsaved line");
    expect(texts.get(CALL.read)).not.toContain("saved line\n");
    // apply_patch matched the buffer's text and wrote the result through the editor; the disk is untouched.
    expect(texts.get(CALL.patch)).toContain("M notes.txt");
    expect(editor.buffers.get(notes)).toBe("first line\npatched line\n");
    expect(readFileSync(notes, "utf8")).toBe("first line\nsaved line\n");
    // write_file into an existing folder went through the editor.
    expect(editor.writes).toContainEqual({ path: path.join(dir, "src", "new.txt"), content: "hello\n" });
    // A file whose folders do not exist yet is written by us (creating them), where the editor sees it appear.
    expect(readFileSync(path.join(dir, "deep", "er", "made.txt"), "utf8")).toBe("made\n");
    // Path checks are ours, before the editor is asked: nothing outside the workspace, nothing protected.
    expect(texts.get(CALL.escape)).toMatch(/outside the workspace|escape/i);
    expect(texts.get(CALL.hook)).toMatch(/protected|git/i);
    const written = editor.writes.map((write) => write.path);
    expect(written).toEqual([notes, path.join(dir, "src", "new.txt")]);
    // The shell ran in our sandbox on the disk's file (terminal/* was offered, and not used).
    expect(texts.get(CALL.shell)).toContain("saved line");
    expect(texts.get(CALL.shell)).not.toContain("unsaved");

    // Journaled as ever: the patch summary and the results are in our journal.
    const shown = await runArt(["show", sessionId, "--json"], { env: { ART_HOME: home, HOME: home } });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('"type":"patch.applied"');
    expect(shown.stdout).toContain("unsaved line");
  });

  it("without fs capabilities the tools use the disk and the editor is never asked", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const notes = path.join(dir, "notes.txt");
    writeFileSync(notes, "first line\nunsaved line\n");
    const editor: EditorBuffers = { buffers: new Map([[notes, "buffer only\n"]]), reads: [], writes: [] };
    const model = script(tempDir(), [
      {
        toolCalls: [
          { name: "read_file", arguments: { path: "notes.txt" } },
          { name: "apply_patch", arguments: { patch: PATCH } },
        ],
      },
      { text: "Done." },
    ]);
    const plain = peer(["--model", model, "--approval", "never"], home, {}, editor);
    await plain.agent.request(acp.methods.agent.initialize, {
      protocolVersion: acp.PROTOCOL_VERSION,
      clientCapabilities: { fs: { readTextFile: true, writeTextFile: false } },
    });
    const { sessionId } = await plain.agent.request(acp.methods.agent.session.new, {
      cwd: dir,
      mcpServers: [],
    });
    const response = await plain.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: "text", text: "edit the notes" }],
    });
    expect(response.stopReason).toBe("end_turn");
    expect(results(plain.updates, sessionId).get(CALL.read)).toContain("unsaved line");
    expect(readFileSync(notes, "utf8")).toBe("first line\npatched line\n");
    expect(editor.reads).toEqual([]);
    expect(editor.writes).toEqual([]);
  });
});
