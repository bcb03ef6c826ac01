import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HashEmbedder } from "../../test/support/memory/hash-embedder.js";
import { git, removeDir, tempDir, writeTree } from "../../test/support/temp-workspace.js";
import { indexDirectory, WorkspaceIndex } from "./index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function workspace(
  files: Record<string, string>,
  options: { git?: boolean } = {},
): { root: string; artHome: string } {
  const root = tempDir("art-index-ws-");
  const artHome = tempDir("art-index-home-");
  dirs.push(root, artHome);
  writeTree(root, files);
  if (options.git !== false) {
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-q", "-m", "init");
  }
  return { root, artHome };
}

const FILES: Record<string, string> = {
  "src/tokenizer.ts":
    "export function tokenize(input: string): string[] {\n  return input.split(/\\s+/);\n}\n",
  "src/server.py": "class HttpServer:\n    def listen(self, port):\n        return port\n",
  "src/main.go": "package main\n\nfunc retryWithBackoff(attempts int) error {\n  return nil\n}\n",
  "README.md": "# Demo\n\nA demo project about parsing.\n",
  ".gitignore": "secret.txt\n",
};

describe("WorkspaceIndex", () => {
  it("indexes a repository and finds definitions by symbol and words, with paths and line ranges", async () => {
    const { root, artHome } = workspace(FILES);
    writeFileSync(path.join(root, "secret.txt"), "the password is hunter2\n");
    mkdirSync(path.join(root, "node_modules/dep"), { recursive: true });
    writeFileSync(path.join(root, "node_modules/dep/index.js"), "function hunter2() {}\n");
    writeFileSync(path.join(root, "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
    writeFileSync(path.join(root, "huge.txt"), "x".repeat(1024 * 1024 + 1));
    symlinkSync("/etc/passwd", path.join(root, "link.txt"));

    const index = await WorkspaceIndex.open(root, { artHome, embedder: new HashEmbedder() });
    const stats = await index.update();
    expect(index.directory).toBe(indexDirectory(artHome, root));
    expect(stats).toMatchObject({ files: 7, indexed: 7, removed: 0, pending: 0 });

    const [hit] = await index.search("retryWithBackoff", { k: 1 });
    expect(hit).toMatchObject({
      path: "src/main.go",
      startLine: 3,
      endLine: 5,
      symbol: "retryWithBackoff",
      kind: "function",
    });
    const [method] = await index.search("HttpServer listen port", { k: 1 });
    expect(method).toMatchObject({
      path: "src/server.py",
      symbol: "HttpServer.listen",
      startLine: 2,
      endLine: 3,
    });
    // Ignored, excluded, binary, huge and symlinked files are not searchable.
    expect(await index.search("hunter2", { mode: "lexical" })).toEqual([]);
    expect(await index.search("root", { mode: "lexical" })).toEqual([]);
    expect((await index.search("xxxx", { mode: "lexical" })).map((h) => h.path)).not.toContain("huge.txt");
    // path_glob narrows the hits.
    const onlyPy = await index.search("demo parsing tokenize listen", { k: 10, pathGlob: "*.py" });
    expect(onlyPy.map((h) => h.path)).toEqual(["src/server.py", "src/server.py"].slice(0, onlyPy.length));
    expect(onlyPy.length).toBeGreaterThan(0);
    index.close();
  });

  it("re-indexes only the files that changed, and removes deleted and newly ignored ones", async () => {
    const { root, artHome } = workspace(FILES);
    const embedder = new HashEmbedder();
    const index = await WorkspaceIndex.open(root, { artHome, embedder });
    await index.update();
    const chunksBefore = index.chunkCount();

    // Nothing changed: nothing read, nothing embedded.
    embedder.texts = 0;
    expect(await index.update()).toMatchObject({ indexed: 0, removed: 0, pending: 0 });
    expect(embedder.texts).toBe(0);

    // One tracked file edited (not staged), one new untracked file, one deleted, one ignored from now on.
    writeFileSync(
      path.join(root, "src/tokenizer.ts"),
      "export function lexWords(input: string) {\n  return [];\n}\n",
    );
    writeFileSync(path.join(root, "src/new.rs"), "fn brand_new_helper() {}\n");
    rmSync(path.join(root, "src/main.go"));
    writeFileSync(path.join(root, ".gitignore"), "secret.txt\nREADME.md\n");
    git(root, "rm", "-q", "--cached", "README.md");
    const stats = await index.update();
    // tokenizer.ts, new.rs and .gitignore itself are read; server.py is not.
    expect(stats).toMatchObject({ indexed: 3, removed: 2, pending: 0 });
    expect(embedder.texts).toBeGreaterThan(0);
    expect(embedder.texts).toBeLessThanOrEqual(4);

    expect(await index.search("tokenize", { mode: "lexical" })).toEqual([]);
    expect((await index.search("lexWords", { k: 1 }))[0]).toMatchObject({
      path: "src/tokenizer.ts",
      symbol: "lexWords",
    });
    expect((await index.search("brand_new_helper", { k: 1 }))[0]?.path).toBe("src/new.rs");
    expect(await index.search("retryWithBackoff", { mode: "lexical" })).toEqual([]);
    expect(await index.search("demo project", { mode: "lexical" })).toEqual([]);
    // Before: tokenizer 1, server.py 2, main.go 2, README 1, .gitignore 1; after: main.go and README gone, new.rs 1.
    expect(chunksBefore).toBe(7);
    expect(index.chunkCount()).toBe(5);

    // Committing the edit changes nothing: git's blob id equals the hash computed from the file.
    git(root, "add", "-A");
    git(root, "commit", "-q", "-m", "edit");
    embedder.texts = 0;
    expect(await index.update()).toMatchObject({ indexed: 0, removed: 0 });
    expect(embedder.texts).toBe(0);
    index.close();
  });

  it("works on a folder that is not a git repository, using size and mtime", async () => {
    const { root, artHome } = workspace(FILES, { git: false });
    const embedder = new HashEmbedder();
    const index = await WorkspaceIndex.open(root, { artHome, embedder });
    expect((await index.update()).indexed).toBe(5);
    expect((await index.update()).indexed).toBe(0);
    writeFileSync(path.join(root, "src/server.py"), "def serve_forever():\n    pass\n");
    expect(await index.update()).toMatchObject({ indexed: 1, removed: 0 });
    expect((await index.search("serve_forever", { k: 1 }))[0]).toMatchObject({
      path: "src/server.py",
      startLine: 1,
    });
    index.close();
  });

  it("stops at the deadline with the rest pending, and the next update finishes", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 80; i++) files[`f${i}.js`] = `function fn${i}() { return ${i}; }\n`;
    const { root, artHome } = workspace(files);
    const index = await WorkspaceIndex.open(root, { artHome, embedder: new HashEmbedder() });
    const first = await index.update({ deadline: 0 });
    expect(first).toMatchObject({ indexed: 0, pending: 80 });
    const second = await index.update();
    expect(second).toMatchObject({ indexed: 80, pending: 0 });
    index.close();
  });

  it("reopens an existing index from a folder below its root, and says when there is none", async () => {
    const { root, artHome } = workspace(FILES);
    const index = await WorkspaceIndex.open(root, { artHome, embedder: new HashEmbedder() });
    await index.update();
    index.close();
    expect(WorkspaceIndex.exists(path.join(root, "src"), artHome)).toBe(true);
    const again = await WorkspaceIndex.openExisting(path.join(root, "src"), {
      artHome,
      embedder: new HashEmbedder(),
    });
    expect(again.root).toBe(root);
    again.close();
    const other = tempDir("art-index-none-");
    dirs.push(other);
    await expect(WorkspaceIndex.openExisting(other, { artHome })).rejects.toMatchObject({
      code: "index.missing",
    });
    await expect(WorkspaceIndex.open(path.join(other, "nope"), { artHome })).rejects.toMatchObject({
      code: "index.root_invalid",
    });
    chmodSync(other, 0o755);
  });
});
