import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { removeDir, tempDir, writeTree } from "../../test/support/temp-workspace.js";
import { ArtError } from "../core/index.js";
import { applyPatch, parsePatch } from "./index.js";
import { PatchParseError } from "./patch-parse-error.js";
import { readTree } from "./read-tree.fixture.js";

const VALID = [
  "*** Begin Patch",
  "*** Add File: new.txt",
  "+hello",
  "*** Update File: a.txt",
  "*** Move to: b.txt",
  "@@ first",
  " second",
  "-third",
  "+THIRD",
  "*** End of File",
  "*** Delete File: c.txt",
  "*** End Patch",
].join("\n");

/** Parses, and returns what was thrown: only typed parse errors are allowed out. */
function outcome(text: string): "ok" | PatchParseError {
  try {
    parsePatch(text);
    return "ok";
  } catch (error) {
    if (error instanceof PatchParseError) return error;
    throw error;
  }
}

describe("adversarial patch inputs give typed errors, never crashes", () => {
  it("every truncation of a valid patch is a parse error or a smaller valid patch", () => {
    for (let cut = 0; cut < VALID.length; cut++) {
      const result = outcome(VALID.slice(0, cut));
      if (result !== "ok") expect(result.code).toBe("patch.invalid");
    }
    expect(outcome(VALID.slice(0, VALID.lastIndexOf("\n")))).toMatchObject({ message: /End Patch.*cut off/ });
  });

  it("random text, random line soup and mutated patches only ever raise PatchParseError", () => {
    const pieces = VALID.split("\n").concat([
      "@@",
      "@@ -1,2 +1,2 @@",
      "diff --git a/x b/x",
      "--- a/x",
      "+++ b/x",
      "\\ No newline at end of file",
      "",
      " ",
      "\0",
      "\uFEFF",
    ]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((lines) => lines.join("\n")),
          fc
            .tuple(fc.nat(VALID.length), fc.string({ maxLength: 5 }))
            .map(([at, junk]) => VALID.slice(0, at) + junk + VALID.slice(at)),
        ),
        (text) => {
          outcome(text);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("a NUL byte is refused with its line", () => {
    expect(outcome(VALID.replace("+hello", "+hel\0lo"))).toMatchObject({ line: 3, message: /NUL byte/ });
  });

  it("binary garbage is refused", () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(outcome(bytes.toString("latin1"))).toMatchObject({ code: "patch.invalid" });
  });

  // How fast is bench/patch.ts's business; a quadratic parser would blow the test timeout here.
  it("handles a 10 MB line and a 200,000-line add", () => {
    const huge = "x".repeat(10 * 1024 * 1024);
    expect(
      parsePatch(`*** Begin Patch\n*** Add File: big.txt\n+${huge}\n*** End Patch`).operations[0],
    ).toMatchObject({ lines: [huge] });
    const many = Array.from({ length: 200_000 }, (_, i) => `+line ${i}`).join("\n");
    expect(
      parsePatch(`*** Begin Patch\n*** Add File: many.txt\n${many}\n*** End Patch`).operations[0],
    ).toMatchObject({ type: "add" });
  });

  it("applying random mutations of a patch either works or throws a typed error, and a failure changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(VALID.length),
        fc.constantFrom("", "\n", "-", "+", " ", "@@ ", "*** ", "x"),
        async (at, junk) => {
          const cwd = tempDir();
          try {
            writeTree(cwd, { "a.txt": "first\nsecond\nthird\n", "c.txt": "c\n" });
            const before = readTree(cwd);
            const text = VALID.slice(0, at) + junk + VALID.slice(at);
            const applied = await applyPatch(text, { cwd }).then(
              () => true,
              (error: unknown) => {
                expect(ArtError.isInstance(error)).toBe(true);
                return false;
              },
            );
            if (!applied) expect(readTree(cwd)).toEqual(before);
          } finally {
            removeDir(cwd);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
