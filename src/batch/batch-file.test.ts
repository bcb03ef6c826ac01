import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import { readBatchFile } from "./batch-file.js";
import { progressLine } from "./progress-line.js";

function fileWith(text: string): string {
  const file = path.join(tempDir(), "tasks.jsonl");
  writeFileSync(file, text);
  return file;
}

function problemOf(text: string): string {
  try {
    readBatchFile(fileWith(text));
  } catch (error) {
    return `${(error as { code: string }).code} ${(error as Error).message}`;
  }
  return "no error";
}

describe("readBatchFile", () => {
  it("resolves directories against the file, defaults ids and refs, skips blank and // lines", () => {
    const file = fileWith(
      [
        '{"id": "one", "task": "fix a", "cwd": "pkg/a"}',
        "",
        "// a comment",
        '{"task": "fix b", "repo": "../repo", "model": "openai:gpt-5-mini", "agent": "writer"}',
      ].join("\n"),
    );
    const batch = readBatchFile(file);
    const dir = path.dirname(file);
    expect(batch.tasks).toEqual([
      { id: "one", line: 1, task: "fix a", where: { kind: "cwd", dir: path.join(dir, "pkg/a") } },
      {
        id: "line-4",
        line: 4,
        task: "fix b",
        where: { kind: "worktree", repo: path.resolve(dir, "../repo"), ref: "HEAD" },
        model: "openai:gpt-5-mini",
        agent: "writer",
      },
    ]);
    expect(batch.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names the line and the field of a bad task", () => {
    expect(problemOf('{"task": "a"}\n{"task": ""}')).toMatch(
      /batch\.invalid_file .*tasks\.jsonl:2: field "task"/,
    );
    expect(problemOf('{"task": "a", "cwdd": "x"}')).toMatch(/:1: .*cwdd/);
    expect(problemOf('{"task": "a"}\nnot json')).toMatch(/:2: is not valid JSON/);
    expect(problemOf('{"task": "a", "cwd": "x", "repo": "y"}')).toMatch(/:1: give "cwd" or "repo", not both/);
    expect(problemOf('{"task": "a", "ref": "main"}')).toMatch(/:1: "ref" needs "repo"/);
    expect(problemOf('{"id": "x", "task": "a"}\n{"id": "x", "task": "b"}')).toMatch(
      /:2: id "x" is also the id of line 1/,
    );
    expect(problemOf('{"id": "../up", "task": "a"}')).toMatch(/:1: field "id"/);
    expect(problemOf('{"task": "a", "repo": ".", "ref": "--orphan=x"}')).toMatch(/:1: field "ref"/);
    expect(problemOf("\n\n")).toMatch(/holds no task/);
    expect(problemOf("[1]")).toMatch(/:1: /);
  });

  it("reports a missing file without a stack", () => {
    expect(() => readBatchFile(path.join(tempDir(), "none.jsonl"))).toThrow(/cannot be read \(ENOENT\)/);
  });
});

describe("progressLine", () => {
  it("shows counts, tokens and an ETA from the tasks this process finished", () => {
    const line = progressLine({
      total: 10,
      done: 4,
      failed: 1,
      running: 2,
      tokens: 12_345,
      elapsedMs: 20_000,
      finishedHere: 2,
    });
    expect(line).toBe("[########------------] 4/10 done · 2 running · 1 failed · 12.3k tokens · ETA 1m00s");
    expect(
      progressLine({ total: 3, done: 0, failed: 0, running: 3, tokens: 0, elapsedMs: 5, finishedHere: 0 }),
    ).toContain("ETA —");
  });
});
