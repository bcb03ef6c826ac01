import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineTable } from "./line-table.js";
import { closestMatch, LineIndex, seekSequence, similarMatch } from "./seek.js";
import { formatText, parseText } from "./text-file.js";

describe("seekSequence: the matching ladder", () => {
  const index = new LineIndex(
    LineTable.fromLines(["alpha", "beta  ", "  gamma", "it’s — ok", "beta", "end"]),
  );

  it.each([
    [["beta"], 0, { start: 4, level: "exact" }],
    [["alpha", "beta"], 0, { start: 0, level: "trailing-whitespace" }],
    [["gamma"], 0, { start: 2, level: "surrounding-whitespace" }],
    [["it's - ok"], 0, { start: 3, level: "punctuation" }],
    [["beta"], 5, undefined],
    [["nowhere"], 0, undefined],
  ] as const)("finds %j from line %i", (pattern, from, expected) => {
    expect(seekSequence(index, pattern, { from })).toEqual(expected);
  });

  it("tries the end of the file first for *** End of File, and the hinted line first for unified diffs", () => {
    const repeated = new LineIndex(LineTable.fromLines(["x", "y", "x", "y", "x", "y"]));
    expect(seekSequence(repeated, ["x", "y"], { from: 0 })).toEqual({ start: 0, level: "exact" });
    expect(seekSequence(repeated, ["x", "y"], { from: 0, endOfFile: true })).toEqual({
      start: 4,
      level: "exact",
    });
    expect(seekSequence(repeated, ["x", "y"], { from: 0, hint: 2 })).toEqual({ start: 2, level: "exact" });
    expect(seekSequence(repeated, ["x", "y"], { from: 0, hint: 1 })).toEqual({ start: 2, level: "exact" });
    expect(seekSequence(repeated, ["x", "y"], { from: 3, hint: 0 })).toEqual({ start: 4, level: "exact" });
  });

  it("closestMatch points at the position where most lines line up", () => {
    const file = new LineIndex(LineTable.fromLines(["a", "b", "c", "d", "e", "b", "c"]));
    expect(closestMatch(file, ["b", "c", "X"], 0)).toBe(1);
    expect(closestMatch(file, ["b", "c", "X"], 3)).toBe(5);
    expect(closestMatch(file, ["", "zzz"], 0)).toBeUndefined();
  });

  it("similarMatch finds a line that is merely similar, and nothing when nothing is", () => {
    const file = new LineIndex(
      LineTable.fromLines(["import x;", "", "const total = price * quantity;", "return total;"]),
    );
    expect(similarMatch(file, ["const total = price * qty;"], 0)).toBe(2);
    expect(similarMatch(file, ["", "const total = price * qty;", "zzz"], 3)).toBe(1);
    expect(similarMatch(file, ["completely unrelated words"], 0)).toBeUndefined();
  });
});

describe("TextFile", () => {
  it("parses and formats any text back to the same bytes", () => {
    const unit = fc.constantFrom("a", "b ", "\r", "\n", "\r\n", "\uFEFF", "é", "\t");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const content = units.join("");
        expect(formatText(parseText(content))).toBe(content);
      }),
      { numRuns: 2000 },
    );
  });

  it("detects line endings, a BOM and a missing final newline", () => {
    expect(parseText("\uFEFFa\r\nb")).toEqual({
      bom: true,
      eol: "\r\n",
      lines: ["a", "b"],
      finalNewline: false,
    });
    expect(parseText("a\r\nb\r\nc\n")).toEqual({
      bom: false,
      eol: "\r\n",
      lines: ["a", "b", "c"],
      ends: ["\r\n", "\r\n", "\n"],
      finalNewline: true,
    });
    expect(parseText("")).toEqual({ bom: false, eol: "\n", lines: [], finalNewline: false });
  });
});

describe("LineTable", () => {
  it("indexes lines by offset and reads them back with their endings", () => {
    const table = new LineTable("a\r\n\nlong line here\r\nlast");
    expect(table.length).toBe(4);
    expect([0, 1, 2, 3].map((i) => table.text(i))).toEqual(["a", "", "long line here", "last"]);
    expect([0, 1, 2, 3].map((i) => table.terminated(i))).toEqual([true, true, true, false]);
    expect(table.equals(2, "long line here")).toBe(true);
    expect(table.equals(2, "long line her")).toBe(false);
    expect(table.lineAt(0)).toBe(0);
    expect(table.lineAt(5)).toBe(2);
    expect(table.eol()).toBe("\r\n");
    expect(new LineTable("").length).toBe(0);
    expect(new LineTable("x\n".repeat(1000)).length).toBe(1000);
  });

  it("finds long lines by text search with the same answer as a line-by-line scan", () => {
    const line = fc.constantFrom("short", "a much longer line of code;", "  a much longer line of code;", "");
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.array(line, { minLength: 1, maxLength: 3 }),
        fc.nat(30),
        (fileLines, pattern, from) => {
          const index = new LineIndex(LineTable.fromLines(fileLines));
          const found = seekSequence(index, pattern, { from });
          let expected: number | undefined;
          for (let i = from; i + pattern.length <= fileLines.length && expected === undefined; i++) {
            if (pattern.every((text, k) => fileLines[i + k] === text)) expected = i;
          }
          if (expected !== undefined) expect(found).toEqual({ start: expected, level: "exact" });
          else expect(found?.level ?? "none").not.toBe("exact");
        },
      ),
      { numRuns: 1000 },
    );
  });
});
