import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planPatch } from "../../patch/index.js";
import type { EditorFiles } from "../editor-files.js";
import { defaultFilePolicy } from "../file-policy-of.js";
import { commitThroughEditor } from "./patch-through-editor.js";

const TWO_FILES = `*** Begin Patch
*** Update File: a.txt
@@
-a
+A
*** Update File: b.txt
@@
-b
+B
*** End Patch`;

function workspace(): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), "art-editor-patch-")));
  writeFileSync(path.join(dir, "a.txt"), "a\n");
  writeFileSync(path.join(dir, "b.txt"), "b\n");
  return dir;
}

/** An editor holding buffers in memory; `failOn` refuses writes to one path. */
function editorOf(failOn?: string): EditorFiles & { buffers: Map<string, string> } {
  const buffers = new Map<string, string>();
  return {
    buffers,
    readTextFile: async (file) => buffers.get(file) ?? readFileSync(file, "utf8"),
    writeTextFile: async (file, content) => {
      if (file === failOn) throw new Error("the editor refused");
      buffers.set(file, content);
    },
  };
}

describe("commitThroughEditor", () => {
  it("writes an in-place plan through the editor, leaving the disk alone", async () => {
    const dir = workspace();
    const editor = editorOf();
    const files = defaultFilePolicy(dir);
    const plan = await planPatch(TWO_FILES, { cwd: dir, files, readText: editor.readTextFile });
    expect(await commitThroughEditor(plan, editor, files)).toBe("editor");
    expect(editor.buffers.get(path.join(dir, "a.txt"))).toBe("A\n");
    expect(editor.buffers.get(path.join(dir, "b.txt"))).toBe("B\n");
    expect(readFileSync(path.join(dir, "a.txt"), "utf8")).toBe("a\n");
  });

  it("writes the earlier texts back when a later write fails, and says the tree was restored", async () => {
    const dir = workspace();
    const editor = editorOf(path.join(dir, "b.txt"));
    const files = defaultFilePolicy(dir);
    const plan = await planPatch(TWO_FILES, { cwd: dir, files, readText: editor.readTextFile });
    await expect(commitThroughEditor(plan, editor, files)).rejects.toMatchObject({
      code: "patch.write_failed",
      message: expect.stringContaining("restored"),
    });
    expect(editor.buffers.get(path.join(dir, "a.txt"))).toBe("a\n");
  });

  it("leaves adds and deletes to the patch engine's atomic commit", async () => {
    const dir = workspace();
    const editor = editorOf();
    const files = defaultFilePolicy(dir);
    const patch = "*** Begin Patch\n*** Add File: c.txt\n+c\n*** Delete File: b.txt\n*** End Patch";
    const plan = await planPatch(patch, { cwd: dir, files, readText: editor.readTextFile });
    expect(await commitThroughEditor(plan, editor, files)).toBe("engine");
    expect(readFileSync(path.join(dir, "c.txt"), "utf8")).toBe("c\n");
    expect(editor.buffers.size).toBe(0);
  });
});
