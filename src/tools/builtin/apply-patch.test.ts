import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../../../test/support/temp-workspace.js";
import { toolContext } from "../../../test/support/tool-context.js";
import { normalizeResult, ToolRegistry } from "../index.js";
import { applyPatchTool } from "./apply-patch.js";

const registry = new ToolRegistry([applyPatchTool]);

async function call(cwd: string, args: unknown) {
  const context = toolContext(cwd);
  const { tool, args: parsed } = await registry.resolve("apply_patch", JSON.stringify(args));
  const result = normalizeResult(tool.name, await tool.execute(parsed, context));
  return { ...result, events: context.events };
}

describe("apply_patch tool", () => {
  it("applies the patch, answers like Codex and journals patch.applied with the per-file summary", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "src/a.ts": "export const a = 1;\n", "old.txt": "x\n", "gone.txt": "bye\nnow\n" });
    const result = await call(cwd, {
      patch: [
        "*** Begin Patch",
        "*** Add File: docs/new.md",
        "+# New",
        "+",
        "*** Update File: src/a.ts",
        "@@",
        "-export const a = 1;",
        "+export const a = 2;",
        "+export const b = 3;",
        "*** Update File: old.txt",
        "*** Move to: new.txt",
        "@@",
        " x",
        "+y",
        "*** Delete File: gone.txt",
        "*** End Patch",
      ].join("\n"),
    });
    expect(result).toEqual({
      ok: true,
      output: "Success. Updated the following files:\nA docs/new.md\nM src/a.ts\nM new.txt\nD gone.txt",
      events: [
        {
          type: "patch.applied",
          turnId: "turn_test",
          callId: "call_test",
          files: [
            { path: "docs/new.md", kind: "added", linesAdded: 2, linesRemoved: 0 },
            { path: "src/a.ts", kind: "modified", linesAdded: 2, linesRemoved: 1 },
            { path: "new.txt", kind: "moved", from: "old.txt", linesAdded: 1, linesRemoved: 0 },
            { path: "gone.txt", kind: "deleted", linesAdded: 0, linesRemoved: 2 },
          ],
        },
      ],
    });
    expect(readFileSync(path.join(cwd, "src/a.ts"), "utf8")).toBe(
      "export const a = 2;\nexport const b = 3;\n",
    );
  });

  it("returns ok:false with a message the model can retry from, and journals nothing", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "a.txt": "one\nconst total = price * quantity;\n" });
    const result = await call(cwd, {
      patch:
        "*** Begin Patch\n*** Update File: a.txt\n@@\n-const total = price * qty;\n+const total = 0;\n*** End Patch",
    });
    expect(result.ok).toBe(false);
    expect(result.events).toEqual([]);
    expect(result.output).toMatch(/^Chunk 1 of the update to "a.txt" does not match the file\./);
    expect(result.output).toContain(
      "The closest lines in the file are 1-2:\n  1 | one\n  2 | const total = price * quantity;\nRe-read the file",
    );
    expect(readFileSync(path.join(cwd, "a.txt"), "utf8")).toBe("one\nconst total = price * quantity;\n");
    const invalid = await call(cwd, { patch: "nonsense" });
    expect(invalid).toMatchObject({
      ok: false,
      output: expect.stringMatching(/^Invalid patch, line 1: .*Begin Patch/),
    });
  });

  it("is a write tool whose arguments need a patch string", async () => {
    expect(applyPatchTool.effects).toBe("write");
    await expect(registry.resolve("apply_patch", { patch: 3 })).rejects.toThrow();
    expect(registry.specs()[0]?.inputSchema).toMatchObject({ required: ["patch"] });
  });
});
