import { describe, expect, it } from "vitest";
import { parsePatch } from "./parse.js";
import { PatchParseError } from "./patch-parse-error.js";

function parseError(text: string): PatchParseError {
  try {
    parsePatch(text);
  } catch (error) {
    expect(error).toBeInstanceOf(PatchParseError);
    return error as PatchParseError;
  }
  throw new Error("expected a parse error");
}

describe("parsePatch: Codex format", () => {
  it("parses every operation into one whole structure", () => {
    const patch = [
      "*** Begin Patch",
      "*** Add File: a.txt",
      "+one",
      "+",
      "+three",
      "*** Delete File: gone.txt",
      "*** Update File: src/x.ts",
      "*** Move to: src/y.ts",
      "@@ function main() {",
      " keep",
      "-old",
      "+new",
      "@@",
      "-tail",
      "*** End of File",
      "*** End Patch",
    ].join("\n");
    expect(parsePatch(patch)).toEqual({
      format: "codex",
      operations: [
        { type: "add", path: "a.txt", lines: ["one", "", "three"], finalNewline: true, patchLine: 2 },
        { type: "delete", path: "gone.txt", patchLine: 6 },
        {
          type: "update",
          path: "src/x.ts",
          moveTo: "src/y.ts",
          patchLine: 7,
          chunks: [
            {
              anchors: ["function main() {"],
              endOfFile: false,
              patchLine: 9,
              lines: [
                { op: " ", text: "keep" },
                { op: "-", text: "old" },
                { op: "+", text: "new" },
              ],
            },
            { anchors: [], endOfFile: true, patchLine: 13, lines: [{ op: "-", text: "tail" }] },
          ],
        },
      ],
    });
  });

  it("accepts the wrappers and slips models make", () => {
    const body = "*** Begin Patch\n*** Update File: f.txt\n-a\n+b\n\n@@\n-c\n+d\n*** End Patch";
    const expected = parsePatch(body);
    expect(expected.operations[0]).toMatchObject({ chunks: [{ anchors: [] }, { anchors: [] }] });
    for (const text of [
      `<<'EOF'\n${body}\nEOF\n`,
      `<<EOF\n${body}\nEOF`,
      `apply_patch <<"PATCH"\n${body}\nPATCH\n`,
      `\`\`\`\n${body}\n\`\`\``,
      `\n\n  ${body.replaceAll("\n", "\r\n")}  \r\n\r\n`,
    ]) {
      expect(parsePatch(text).operations).toEqual(
        expected.operations.map((operation) => ({
          ...operation,
          patchLine: expect.any(Number),
          chunks: (operation as { chunks: unknown[] }).chunks.map((chunk) => ({
            ...(chunk as object),
            patchLine: expect.any(Number),
          })),
        })),
      );
    }
  });

  it("reads stacked anchors and numbered @@ headers as hints", () => {
    const parsed = parsePatch(
      "*** Begin Patch\n*** Update File: f\n@@ class A\n@@ -10,2 +10,3 @@ def b():\n x\n+y\n*** End Patch",
    );
    expect(parsed.operations[0]).toMatchObject({ chunks: [{ anchors: ["class A", "def b():"], hint: 9 }] });
  });

  it("keeps a blank line inside an added file but not the gap before the next header", () => {
    const parsed = parsePatch(
      "*** Begin Patch\n*** Add File: a\n+x\n\n+y\n\n*** Delete File: b\n*** End Patch",
    );
    expect(parsed.operations[0]).toMatchObject({ lines: ["x", "", "y"] });
  });

  it.each([
    ["", 0, /empty/],
    ["*** Begin Patch\n*** End Patch", 1, /no file operations/],
    ["hello\n*** End Patch", 1, /first line of the patch must be '\*\*\* Begin Patch'/],
    [
      "*** Begin Patch\n*** Add File: a\n+x",
      3,
      /last line .* '\*\*\* End Patch' \(was the patch cut off\?\)/,
    ],
    ["*** Begin Patch\n*** Update File: a\n*** End Patch", 2, /update of "a" is empty/],
    ["*** Begin Patch\n*** Frobnicate File: a\n*** End Patch", 2, /not a valid file operation header/],
    ["*** Begin Patch\n*** Add File:   \n*** End Patch", 2, /must be followed by a path/],
    [
      "*** Begin Patch\n*** Update File: a\n@@\n-x\nbogus\n*** End Patch",
      5,
      /Expected a chunk header .* got "bogus"/,
    ],
    ["*** Begin Patch\n*** Update File: a\nbogus\n*** End Patch", 3, /Expected a chunk header/],
    [
      "*** Begin Patch\n*** Update File: a\n@@\n*** End Patch",
      3,
      /Chunk 1 of the update to "a" has no lines/,
    ],
    [
      "*** Begin Patch\n*** Update File: a\n@@x\n-a\n*** End Patch",
      3,
      /Expected '@@' or '@@ <context line>'/,
    ],
  ])("rejects %j at line %i", (text, line, message) => {
    const error = parseError(text);
    expect(error.line).toBe(line);
    expect(error.code).toBe("patch.invalid");
    expect(error.message).toMatch(message);
  });
});

describe("parsePatch: unified diffs", () => {
  it("parses git diff output: edits, new and deleted files, renames, modes, missing final newlines", () => {
    const diff = [
      "commit message lines are skipped",
      "diff --git a/src/a.txt b/src/a.txt",
      "index 83db48f..bf269f4 100644",
      "--- a/src/a.txt",
      "+++ b/src/a.txt",
      "@@ -1,3 +1,3 @@ section",
      " one",
      "-two",
      "+TWO",
      " three",
      "@@ -9,0 +10,1 @@",
      "+inserted",
      "diff --git a/new.sh b/new.sh",
      "new file mode 100755",
      "--- /dev/null",
      "+++ b/new.sh",
      "@@ -0,0 +1 @@",
      "+echo hi",
      "\\ No newline at end of file",
      "diff --git a/old.txt b/old.txt",
      "deleted file mode 100644",
      "--- a/old.txt",
      "+++ /dev/null",
      "@@ -1 +0,0 @@",
      "-bye",
      'diff --git "a/sp ace.txt" "b/moved/sp\\303\\244ce.txt"',
      "similarity index 90%",
      "rename from sp ace.txt",
      "rename to moved/späce.txt",
      "old mode 100644",
      "new mode 100755",
    ].join("\n");
    expect(parsePatch(diff)).toEqual({
      format: "unified",
      operations: [
        {
          type: "update",
          path: "src/a.txt",
          patchLine: 2,
          chunks: [
            {
              anchors: [],
              endOfFile: false,
              hint: 0,
              patchLine: 6,
              lines: [
                { op: " ", text: "one" },
                { op: "-", text: "two" },
                { op: "+", text: "TWO" },
                { op: " ", text: "three" },
              ],
            },
            { anchors: [], endOfFile: false, hint: 9, patchLine: 11, lines: [{ op: "+", text: "inserted" }] },
          ],
        },
        { type: "add", path: "new.sh", lines: ["echo hi"], finalNewline: false, mode: 0o755, patchLine: 13 },
        { type: "delete", path: "old.txt", patchLine: 20 },
        {
          type: "update",
          path: "sp ace.txt",
          moveTo: "moved/späce.txt",
          chunks: [],
          mode: 0o755,
          patchLine: 26,
        },
      ],
    });
  });

  it("parses plain `diff -u` output with timestamps", () => {
    const diff = "--- f.txt\t2024-01-01 00:00:00\n+++ f.txt\t2024-01-02 00:00:00\n@@ -1 +1 @@\n-a\n+b\n";
    expect(parsePatch(diff).operations).toEqual([
      { type: "update", path: "f.txt", patchLine: 1, chunks: [expect.objectContaining({ hint: 0 })] },
    ]);
  });

  it.each([
    ["--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n", 3, /cut off\?\): 1 old and 2 new lines are missing/],
    ["--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n+c\n", 6, /more lines than its header counts/],
    ["--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n*junk\n", 5, /hunk ends early/],
    ["--- a/f\n+++ b/f\n@@ -x +1 @@\n", 3, /Malformed hunk header/],
    [
      "diff --git a/i.png b/i.png\nindex 1..2 100644\nBinary files a/i.png and b/i.png differ\n",
      3,
      /Binary patches are not supported/,
    ],
    ["diff --git a/i.png b/i.png\nGIT binary patch\nliteral 5\n", 2, /Binary patches/],
    ["diff --git a/x b/y\ncopy from x\ncopy to y\n", 2, /Copies/],
  ])("rejects %j at line %i", (text, line, message) => {
    const error = parseError(text);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
  });
});
