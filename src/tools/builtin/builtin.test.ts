import { chmodSync, readFileSync, statSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { git, tempDir, writeTree } from "../../../test/support/temp-workspace.js";
import { toolContext } from "../../../test/support/tool-context.js";
import { normalizeResult, ToolRegistry } from "../index.js";
import { coreTools } from "./index.js";

const registry = new ToolRegistry(coreTools());

async function call(cwd: string, name: string, args: unknown) {
  const context = toolContext(cwd);
  const { tool, args: parsed } = await registry.resolve(name, JSON.stringify(args));
  const result = normalizeResult(tool.name, await tool.execute(parsed, context));
  return { ...result, events: context.events };
}

describe("built-in tools", () => {
  it("read_file numbers lines and pages with offset and limit", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "a.txt": "one\ntwo\nthree\nfour\n" });
    expect((await call(cwd, "read_file", { path: "a.txt" })).output).toBe(
      "1\tone\n2\ttwo\n3\tthree\n4\tfour",
    );
    expect((await call(cwd, "read_file", { path: "a.txt", offset: 2, limit: 2 })).output).toBe(
      "2\ttwo\n3\tthree\n[… 1 more lines; read on with offset 4]",
    );
  });

  it("read_file refuses binaries and missing files with a readable error", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "bin.dat": "ab\0cd" });
    await expect(call(cwd, "read_file", { path: "bin.dat" })).rejects.toThrow(/binary/);
    await expect(call(cwd, "read_file", { path: "nope.txt" })).rejects.toThrow(/no such file/);
  });

  it("write_file creates folders, keeps an existing file's mode, and never writes through an escaping symlink", async () => {
    const cwd = tempDir();
    const outside = tempDir();
    writeTree(cwd, { "run.sh": "old" });
    chmodSync(path.join(cwd, "run.sh"), 0o755);
    await call(cwd, "write_file", { path: "deep/new/file.txt", content: "hi" });
    expect(readFileSync(path.join(cwd, "deep/new/file.txt"), "utf8")).toBe("hi");
    await call(cwd, "write_file", { path: "run.sh", content: "new" });
    expect(statSync(path.join(cwd, "run.sh")).mode & 0o777).toBe(0o755);
    symlinkSync(outside, path.join(cwd, "out"));
    await expect(call(cwd, "write_file", { path: "out/pwned.txt", content: "x" })).rejects.toMatchObject({
      code: "path.outside_workspace",
    });
    await expect(call(cwd, "write_file", { path: "../pwned.txt", content: "x" })).rejects.toMatchObject({
      code: "path.outside_workspace",
    });
  });

  it("list_dir shows a sorted tree and does not expand heavy folders", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "b.txt": "", "a/x.txt": "", "node_modules/m/index.js": "" });
    expect((await call(cwd, "list_dir", { path: "." })).output).toBe(
      "a/\n  x.txt\nb.txt\nnode_modules/ (not expanded)",
    );
  });

  it("grep honours .gitignore inside a repository and works outside one", async () => {
    const cwd = tempDir();
    writeTree(cwd, {
      ".gitignore": "ignored.txt\n",
      "src/a.ts": "const needle = 1;\n",
      "ignored.txt": "needle\n",
    });
    git(cwd, "init", "-q");
    const found = await call(cwd, "grep", { pattern: "needle" });
    expect(found.output).toBe("src/a.ts:1:const needle = 1;");
    expect((await call(cwd, "grep", { pattern: "needle", glob: "*.txt" })).output).toBe("No matches.");
    const plain = tempDir();
    writeTree(plain, { "x.md": "hello needle\n" });
    expect((await call(plain, "grep", { pattern: "need+le" })).output).toBe("x.md:1:hello needle");
  });

  it("shell returns exit code and output, and update_plan journals the plan", async () => {
    const cwd = tempDir();
    const shell = await call(cwd, "shell", { command: "echo hi; exit 2" });
    expect(shell.ok).toBe(false);
    expect(shell.output).toMatch(/^Exit code: 2\nWall time: [\d.]+ s\nOutput:\nhi\n$/);
    const plan = await call(cwd, "update_plan", { plan: [{ step: "read", status: "in_progress" }] });
    expect(plan.events).toEqual([
      { type: "plan.updated", turnId: "turn_test", plan: [{ step: "read", status: "in_progress" }] },
    ]);
  });

  it("turns invalid model arguments into a typed error the model can read", async () => {
    await expect(registry.resolve("read_file", '{"path": 42}')).rejects.toThrow(
      expect.objectContaining({ code: "tool.invalid_arguments", message: expect.stringContaining("path") }),
    );
    await expect(registry.resolve("read_file", "{not json")).rejects.toThrow(/not valid JSON/);
    await expect(registry.resolve("rm_rf", "{}")).rejects.toThrow(
      expect.objectContaining({ code: "tool.unknown" }),
    );
  });

  it("renders JSON Schemas for the model", () => {
    const shell = registry.specs().find((spec) => spec.name === "shell");
    expect(shell?.inputSchema).toMatchObject({ type: "object", required: ["command"] });
  });
});
