import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { removeDir, tempDir, writeTree } from "../../test/support/temp-workspace.js";
import { applyChunks } from "./apply-chunks.js";
import { diffLines } from "./diff-lines.js";
import { generatePatch } from "./generate.js";
import { applyPatch } from "./index.js";
import { parsePatch } from "./parse.js";
import { readTree } from "./read-tree.fixture.js";

// A small vocabulary makes repeated lines (and so ambiguous context) common; none has whitespace at its edges.
const WORDS = ["a", "b", "}", "", "x = 1", "return x;", "it's", 'foo("bar")', "end"];
const line = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_(){};=.,'"<>#-]{1,12}$/) },
);
const lines = fc.array(line, { maxLength: 40 });

/** `before` and an edited copy: lines inserted, deleted and replaced at random places. */
const edited = lines.chain((before) =>
  fc
    .array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.array(line, { maxLength: 3 })), { maxLength: 6 })
    .map((edits) => {
      const after = [...before];
      for (const [at, remove, insert] of edits) after.splice(at % (after.length + 1), remove, ...insert);
      return { before, after };
    }),
);

function text(fileLines: string[], eol = "\n", bom = false): string {
  return (bom ? "\uFEFF" : "") + fileLines.map((fileLine) => fileLine + eol).join("");
}

/** Applies a one-file patch to `before` in memory. */
function applyTo(before: string, patch: string): string {
  const operation = parsePatch(patch).operations[0];
  if (operation?.type !== "update") throw new Error(`expected an update, got ${operation?.type}`);
  return applyChunks(before, operation.chunks, "f", "codex").content;
}

describe("diffLines", () => {
  it("produces an edit script that rebuilds the new lines from the old", () => {
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const edits = diffLines(a, b);
        const rebuilt = edits.flatMap((edit) =>
          edit.op === "-" ? [] : [edit.op === "+" ? b[edit.b] : a[edit.a]],
        );
        const kept = edits
          .filter((edit) => edit.op !== "+")
          .map((edit) => (edit.op === "-" ? edit.a : edit.a));
        expect(rebuilt).toEqual(b);
        expect(kept).toEqual(a.map((_, i) => i));
        for (const edit of edits) if (edit.op === " ") expect(a[edit.a]).toBe(b[edit.b]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("generatePatch round trip (property)", () => {
  it("a generated patch applies back exactly", () => {
    fc.assert(
      fc.property(edited, fc.integer({ min: 0, max: 3 }), ({ before, after }, context) => {
        fc.pre(text(before) !== text(after));
        const patch = generatePatch({ f: text(before) }, { f: text(after) }, { context });
        expect(applyTo(text(before), patch)).toBe(text(after));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps CRLF and a BOM: the patch carries plain lines, the file keeps its own endings", () => {
    fc.assert(
      fc.property(edited, fc.boolean(), ({ before, after }, bom) => {
        // An empty file has no line ending to keep.
        fc.pre(text(before) !== text(after) && before.length > 0);
        const patch = generatePatch({ f: text(before, "\r\n", bom) }, { f: text(after, "\r\n", bom) });
        expect(patch).not.toContain("\r");
        expect(applyTo(text(before, "\r\n", bom), patch)).toBe(text(after, "\r\n", bom));
      }),
      { numRuns: 300 },
    );
  });

  it("still applies, to the same result, when context and removed lines are loosened", () => {
    const loosen = fc.constantFrom(
      (patchLine: string) => `${patchLine}  `,
      (patchLine: string) => `${patchLine}\t`,
      (patchLine: string) => `${patchLine[0]}   ${patchLine.slice(1)} `,
      (patchLine: string) => patchLine.replaceAll("'", "\u2019").replaceAll('"', "\u201C"),
      (patchLine: string) => patchLine,
    );
    fc.assert(
      fc.property(edited, fc.array(loosen, { minLength: 1, maxLength: 8 }), ({ before, after }, changes) => {
        fc.pre(text(before) !== text(after));
        const patch = generatePatch({ f: text(before) }, { f: text(after) });
        let n = 0;
        const loose = patch
          .split("\n")
          .map((patchLine) =>
            /^[ -]/.test(patchLine)
              ? (changes[n++ % changes.length] as (value: string) => string)(patchLine)
              : patchLine,
          )
          .join("\n");
        expect(applyTo(text(before), loose)).toBe(text(after));
      }),
      { numRuns: 300 },
    );
  });

  it("turns one tree into another on disk: adds, deletes and updates", async () => {
    const paths = fc.constantFrom("a.txt", "src/b.ts", "src/deep/c.md", "d");
    const tree = fc.dictionary(
      paths,
      lines.map((fileLines) => text(fileLines)),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(tree, tree, async (before, after) => {
        fc.pre(
          JSON.stringify(Object.entries(before).sort()) !== JSON.stringify(Object.entries(after).sort()),
        );
        const cwd = tempDir();
        try {
          writeTree(cwd, before);
          await applyPatch(generatePatch(before, after), { cwd });
          expect(readTree(cwd)).toEqual(after);
        } finally {
          removeDir(cwd);
        }
      }),
      { numRuns: 60 },
    );
  });
});
