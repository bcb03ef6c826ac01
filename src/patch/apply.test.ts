import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { git, tempDir, writeTree } from "../../test/support/temp-workspace.js";
import { applyPatch, commitPlan, formatSummary, planPatch } from "./index.js";
import { readTree } from "./read-tree.fixture.js";

function patch(...lines: string[]): string {
  return ["*** Begin Patch", ...lines, "*** End Patch"].join("\n");
}

async function failure(cwd: string, text: string): Promise<Error & { code: string }> {
  const before = readTree(cwd);
  const error = await applyPatch(text, { cwd }).then(
    () => {
      throw new Error("expected the patch to fail");
    },
    (caught: Error & { code: string }) => caught,
  );
  expect(readTree(cwd)).toEqual(before); // All or nothing.
  return error;
}

describe("applyPatch: faithful to each file", () => {
  it("keeps CRLF (also on added lines), a BOM, mixed endings and the exec bit", async () => {
    const cwd = tempDir();
    writeTree(cwd, {
      "crlf.txt": "\uFEFFone\r\ntwo\r\nthree\r\n",
      "mixed.txt": "a\r\nb\nc\r\nd\n",
      "run.sh": "#!/bin/sh\necho old\n",
    });
    chmodSync(path.join(cwd, "run.sh"), 0o755);
    const result = await applyPatch(
      patch(
        "*** Update File: crlf.txt",
        "@@",
        " one",
        "-two",
        "+TWO",
        "+2.5",
        "*** Update File: mixed.txt",
        "@@",
        " b",
        "-c",
        "+C",
        "*** Update File: run.sh",
        "@@",
        "-echo old",
        "+echo new",
      ),
      { cwd },
    );
    expect(readTree(cwd)).toEqual({
      "crlf.txt": "\uFEFFone\r\nTWO\r\n2.5\r\nthree\r\n",
      "mixed.txt": "a\r\nb\nC\r\nd\n",
      "run.sh": "#!/bin/sh\necho new\n",
    });
    expect(statSync(path.join(cwd, "run.sh")).mode & 0o777).toBe(0o755);
    expect(result.files).toEqual([
      { path: "crlf.txt", kind: "modified", linesAdded: 2, linesRemoved: 1 },
      { path: "mixed.txt", kind: "modified", linesAdded: 1, linesRemoved: 1 },
      { path: "run.sh", kind: "modified", linesAdded: 1, linesRemoved: 1 },
    ]);
  });

  it("matches loosely but never rewrites the file's own context lines", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "a.py": "def f():\n    s = “quoted” — dash\u00A0here   \n    return s\n" });
    await applyPatch(
      patch(
        "*** Update File: a.py",
        "@@ def f():",
        '  s = "quoted" - dash here',
        "-  return s",
        "+  return s.upper()",
      ),
      { cwd },
    );
    expect(readTree(cwd)["a.py"]).toBe(
      "def f():\n    s = “quoted” — dash\u00A0here   \n  return s.upper()\n",
    );
  });

  it("prefers an exact match anywhere over a loose one, and seeks chunks in order after their anchors", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "f.txt": "class A\n  x = 1\nclass B\n  x = 1 \n  x = 1\nend\n" });
    await applyPatch(patch("*** Update File: f.txt", "@@ class B", "-  x = 1", "+  x = 2"), { cwd });
    expect(readTree(cwd)["f.txt"]).toBe("class A\n  x = 1\nclass B\n  x = 1 \n  x = 2\nend\n");
  });

  it("inserts a pure addition after its anchor, or at the end without one", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "f.txt": "a\nb\nc\n" });
    await applyPatch(patch("*** Update File: f.txt", "@@ a", "+after a", "@@", "+at end"), { cwd });
    expect(readTree(cwd)["f.txt"]).toBe("a\nafter a\nb\nc\nat end\n");
  });

  it("honours *** End of File and drops a trailing blank context line that the file lacks", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "f.txt": "x\ny\nx\ny\n" });
    await applyPatch(patch("*** Update File: f.txt", "@@", " x", "-y", "+z", "*** End of File"), { cwd });
    expect(readTree(cwd)["f.txt"]).toBe("x\ny\nx\nz\n");
    await applyPatch(patch("*** Update File: f.txt", "@@", "-x", "+w", " y", ""), { cwd });
    expect(readTree(cwd)["f.txt"]).toBe("w\ny\nx\nz\n");
  });

  it("keeps a file's trailing blank line (where Codex would drop it) and adds a missing final newline", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "blank.txt": "a\n\n", "open.txt": "a\nb" });
    await applyPatch(
      patch("*** Update File: blank.txt", "-a", "+b", "*** Update File: open.txt", "-a", "+c"),
      { cwd },
    );
    expect(readTree(cwd)).toEqual({ "blank.txt": "b\n\n", "open.txt": "c\nb\n" });
  });

  it("moves, adds over, and deletes; a symlink inside the workspace is edited through and survives", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "real.txt": "one\n", "old/name.txt": "from\n", "dup.txt": "old\n", "bye.txt": "x\n" });
    symlinkSync("real.txt", path.join(cwd, "link.txt"));
    const result = await applyPatch(
      patch(
        "*** Update File: link.txt",
        "-one",
        "+uno",
        "*** Update File: old/name.txt",
        "*** Move to: new/dir/name.txt",
        "-from",
        "+to",
        "*** Add File: dup.txt",
        "+new",
        "*** Delete File: bye.txt",
      ),
      { cwd },
    );
    expect(readTree(cwd)).toEqual({ "real.txt": "uno\n", "new/dir/name.txt": "to\n", "dup.txt": "new\n" });
    expect(readFileSync(path.join(cwd, "link.txt"), "utf8")).toBe("uno\n");
    expect(formatSummary(result.files)).toBe(
      "Success. Updated the following files:\nA dup.txt\nM link.txt\nM new/dir/name.txt\nD bye.txt",
    );
    expect(result.files[1]).toEqual({
      path: "new/dir/name.txt",
      kind: "moved",
      from: "old/name.txt",
      linesAdded: 1,
      linesRemoved: 1,
    });
  });

  it("applies git's own unified diff, including a missing final newline and a new executable", async () => {
    const cwd = tempDir();
    const before = { "a.txt": "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "b.txt": "keep\nend" };
    writeTree(cwd, before);
    git(cwd, "init", "-q");
    git(cwd, "add", ".");
    git(cwd, "commit", "-qm", "before");
    writeTree(cwd, {
      "a.txt": "1\n2\nthree\n4\n5\n6\n7\n8\n9\nten\n11",
      "b.txt": "keep\nend\n",
      "c.sh": "echo\n",
    });
    chmodSync(path.join(cwd, "c.sh"), 0o755);
    git(cwd, "add", ".");
    const diff = git(cwd, "diff", "--cached");
    const after = readTree(cwd);
    git(cwd, "reset", "-q", "--hard");
    git(cwd, "clean", "-qfd");
    expect(readTree(cwd)).toEqual(before);
    await applyPatch(diff, { cwd });
    expect(readTree(cwd)).toEqual(after);
    expect(statSync(path.join(cwd, "c.sh")).mode & 0o777).toBe(0o755);
  });
});

describe("applyPatch: errors a model can act on, and nothing half-done", () => {
  it("names the file, the chunk and the closest lines when a chunk does not match", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "src/app.ts": "const a = 1;\nconst b = 2;\nconst c = 3;\n" });
    const error = await failure(
      cwd,
      patch(
        "*** Add File: new.txt",
        "+x",
        "*** Update File: src/app.ts",
        "@@",
        " const a = 1;",
        "-const b = 3;",
        "+const b = 4;",
      ),
    );
    expect(error.code).toBe("patch.chunk_not_found");
    expect(error.message).toBe(
      [
        'Chunk 1 of the update to "src/app.ts" does not match the file. Could not find the chunk\'s lines (patch line 5) at or after line 1 of the file:',
        "  const a = 1;",
        "  const b = 3;",
        "The closest lines in the file are 1-3:",
        "  1 | const a = 1;",
        "  2 | const b = 2;",
        "  3 | const c = 3;",
        "Re-read the file, then send the patch again with context and removed lines copied exactly; nothing was changed.",
      ].join("\n"),
    );
  });

  it("reports a missing anchor", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "f.txt": "a\n" });
    const error = await failure(cwd, patch("*** Update File: f.txt", "@@ def nowhere():", "-a", "+b"));
    expect(error.message).toMatch(
      /^Chunk 1 of the update to "f.txt" .*Could not find the context line "@@ def nowhere\(\):"/s,
    );
  });

  it.each([
    ["../escape.txt", "path.outside_workspace"],
    ["/etc/passwd-art-test", "path.outside_workspace"],
    ["out/pwned.txt", "path.outside_workspace"],
  ])("refuses %s before writing anything", async (target, code) => {
    const cwd = tempDir();
    const outside = tempDir();
    writeTree(cwd, { "keep.txt": "k\n" });
    symlinkSync(outside, path.join(cwd, "out"));
    const error = await failure(cwd, patch("*** Add File: fine.txt", "+x", `*** Add File: ${target}`, "+x"));
    expect(error.code).toBe(code);
    expect(readdirSync(outside)).toEqual([]);
  });

  it("refuses binary, non-UTF-8 and directory targets", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "dir/x": "" });
    writeFileSync(path.join(cwd, "bin.dat"), Buffer.from([1, 0, 2, 10]));
    writeFileSync(path.join(cwd, "latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 10]));
    for (const [file, message] of [
      ["bin.dat", /binary file/],
      ["latin1.txt", /not valid UTF-8/],
      ["dir", /is a directory/],
    ] as const) {
      const error = await failure(cwd, patch(`*** Update File: ${file}`, "@@", "-x", "+y"));
      expect(error.code).toBe("patch.target_invalid");
      expect(error.message).toMatch(message);
    }
  });

  it("rolls back every write when committing fails half-way", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "a.txt": "a\n", "b.txt": "b\n", "c.txt": "c\n" });
    const plan = await planPatch(
      patch(
        "*** Update File: a.txt",
        "-a",
        "+A",
        "*** Delete File: b.txt",
        "*** Add File: d/new.txt",
        "+n",
        "*** Add File: z.txt",
        "+z",
      ),
      { cwd },
    );
    // The tree changes between planning and writing: the last target became a folder, so its rename fails.
    mkdirSync(path.join(cwd, "z.txt/inner"), { recursive: true });
    const before = readTree(cwd);
    await expect(commitPlan(plan)).rejects.toMatchObject({
      code: "patch.write_failed",
      path: "z.txt",
      isRetryable: true,
    });
    expect(readTree(cwd)).toEqual(before);
    expect(readdirSync(cwd).sort()).toEqual(["a.txt", "b.txt", "c.txt", "z.txt"]);
  });

  it("stops before writing when the signal has fired", async () => {
    const cwd = tempDir();
    const controller = new AbortController();
    controller.abort();
    await expect(
      applyPatch(patch("*** Add File: a.txt", "+x"), { cwd, signal: controller.signal }),
    ).rejects.toMatchObject({
      code: "aborted",
    });
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("applyPatch: symlinks inside the workspace", () => {
  it("deletes and moves the link itself, never its target", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "real.txt": "one\n", "other.txt": "two\n" });
    symlinkSync("real.txt", path.join(cwd, "gone-link"));
    symlinkSync("other.txt", path.join(cwd, "moved-link"));
    const result = await applyPatch(
      patch(
        "*** Delete File: gone-link",
        "*** Update File: moved-link",
        "*** Move to: copy.txt",
        "-two",
        "+2",
      ),
      { cwd },
    );
    expect(readTree(cwd)).toEqual({ "real.txt": "one\n", "other.txt": "two\n", "copy.txt": "2\n" });
    expect(readdirSync(cwd).sort()).toEqual(["copy.txt", "other.txt", "real.txt"]);
    expect(result.files[0]).toEqual({ path: "gone-link", kind: "deleted", linesAdded: 0, linesRemoved: 0 });
  });
});

describe("applyPatch: chunk order", () => {
  it("says so when a chunk's lines come before the previous chunk", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "f.txt": "alpha line\nbeta line\ngamma line\n" });
    const error = await failure(
      cwd,
      patch("*** Update File: f.txt", "@@", "-gamma line", "+G", "@@", "-alpha line", "+A"),
    );
    expect(error.message).toContain(
      "Could not find the chunk's lines (patch line 6) at or after line 4 of the file:\n  alpha line\n" +
        "The closest lines in the file are 1-2 (before the previous chunk: chunks of one file must follow the order of the file):\n" +
        "  1 | alpha line\n  2 | beta line\n",
    );
    expect(error.message).toMatch(/^Chunk 2 of the update to "f.txt"/);
  });
});
