// The CLI users run is the bundle in dist/bundle/ (scripts/build-bundle.mjs): these tests check that `bin/art` runs
// it, that it is made from the current build, that what it leaves outside (native modules, WebAssembly, the graph
// runtime) is found from where it sits, and how `bin/art` behaves when a build is missing or broken.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { startMockLlmServer } from "../support/mock-llm-server/index.js";
import { ART_BIN, jsonLines, REPO_ROOT } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const DIST = path.join(REPO_ROOT, "dist");
const BUNDLE = path.join(DIST, "bundle");
const RECORDER = path.join(REPO_ROOT, "test", "e2e", "fixtures", "record-modules.mjs");
/** The packages the bundle loads from node_modules instead of containing. */
const EXTERNAL = ["better-sqlite3", "web-tree-sitter", "tree-sitter-bash"];

/**
 * Runs `art` with the module recorder preloaded; resolves with its result and the repository files it loaded. Not
 * spawnSync: the mock LLM server answering `art` lives in this process's event loop.
 */
async function artRecording(args: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT) {
  const log = path.join(tempDir("art-modules-"), "modules.txt");
  writeFileSync(log, "");
  const child = spawn(process.execPath, ["--import", RECORDER, ART_BIN, ...args], {
    cwd,
    env: { ...process.env, ...env, ART_TEST_MODULE_LOG: log },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const loaded = [
    ...new Set(
      readFileSync(log, "utf8")
        .split("\n")
        .filter((url) => url.startsWith("file:"))
        .map((url) => path.relative(REPO_ROOT, fileURLToPath(url)))
        .filter((relative) => !relative.startsWith("..") && !relative.startsWith(path.join("test", "e2e"))),
    ),
  ];
  return { code, stdout, stderr, loaded };
}

/** Every .js file under `dir`, recursively. */
function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("the bundled CLI", () => {
  it("is made from the current build of dist/ (a bare `tsc` leaves it stale: run `npm run build`)", () => {
    const bundled = statSync(path.join(BUNDLE, "cli.js")).mtimeMs;
    const newer = jsFiles(DIST)
      .filter((file) => !file.startsWith(`${BUNDLE}${path.sep}`))
      .filter((file) => statSync(file).mtimeMs > bundled)
      .map((file) => path.relative(REPO_ROOT, file));
    expect(newer, "dist/ changed after the bundle was made: run `npm run build`").toEqual([]);
  });

  it("ships in the packed package beside bin/art, every chunk of it", () => {
    const listing = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(listing.status, listing.stderr).toBe(0);
    const packed = new Set(
      (JSON.parse(listing.stdout)[0].files as { path: string }[]).map((file) => file.path),
    );
    const chunks = readdirSync(BUNDLE).map((name) => `dist/bundle/${name}`);
    expect(chunks).toContain("dist/bundle/cli.js");
    expect(chunks.filter((chunk) => !packed.has(chunk))).toEqual([]);
    expect(packed.has("bin/art")).toBe(true);
  });

  it("carries no zod 3 on art exec's path: the AI SDK's one use of it, the type-name enum, is inlined (start-up cost)", async () => {
    const chunks = readdirSync(BUNDLE).filter((name) => name.endsWith(".js"));
    // What `art exec` evaluates without MCP: the entry and the exec command's chunk with their static imports (the
    // MCP SDK's zod 3 compatibility layer is reached only through dynamic imports, when servers are configured).
    const read = (name: string) => readFileSync(path.join(BUNDLE, name), "utf8");
    const execChunks = chunks.filter((name) => name.startsWith("exec-") && read(name).includes("followRun"));
    expect(execChunks).toHaveLength(1);
    const onPath = new Set<string>();
    const queue = ["cli.js", ...execChunks];
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (onPath.has(name)) continue;
      onPath.add(name);
      for (const match of read(name).matchAll(
        /import\s*(?:\{[^}]*\}|[\w$*\s]+)?\s*(?:from\s*)?"\.\/([^"]+\.js)"/g,
      ))
        queue.push(match[1]!);
    }
    expect(onPath.size).toBeGreaterThan(2);
    // `addIssueToContext` is zod 3's own (zod 4 has no such function); the enum must still be there, complete.
    const zod3 = [...onPath].filter((name) => read(name).includes("addIssueToContext"));
    expect(zod3).toEqual([]);
    const { ZodFirstPartyTypeKind } = await import("zod/v3");
    const inlined = chunks.filter((name) =>
      readFileSync(path.join(BUNDLE, name), "utf8").includes(
        `ZodFirstPartyTypeKind=${JSON.stringify({ ...ZodFirstPartyTypeKind }).replace(/"(\w+)":/g, "$1:")}`,
      ),
    );
    expect(inlined.length).toBeGreaterThan(0);
  });

  it("is what `art exec` runs to its first model request: a few files instead of the module tree", async () => {
    const server = await startMockLlmServer({ responses: [{ text: "Answered." }] });
    try {
      const workspace = tempDir("art-bundle-ws-");
      const env = { ART_HOME: tempDir("art-home-"), OPENAI_API_KEY: "test" };
      const args = [
        "exec",
        "--model",
        "openai:gpt-test",
        "--base-url",
        `${server.url}/v1`,
        "--cwd",
        workspace,
      ];
      const bundled = await artRecording([...args, "say bundled"], env);
      expect(bundled.stderr).not.toMatch(/internal error/);
      expect(bundled.code).toBe(0);
      expect(bundled.stdout).toContain("Answered.");
      expect(server.requests).toHaveLength(1);
      const outside = bundled.loaded.filter(
        (file) =>
          file !== path.join("bin", "art") &&
          !file.startsWith(path.join("dist", "bundle") + path.sep) &&
          !EXTERNAL.some((name) => file.startsWith(path.join("node_modules", name) + path.sep)),
      );
      expect(outside).toEqual([]);

      // The same run through the module tree it is made from (what `art` ran before the bundle).
      const unbundled = await artRecording([...args, "say unbundled"], { ...env, ART_UNBUNDLED: "1" });
      expect(unbundled.code).toBe(0);
      expect(server.requests).toHaveLength(2);
      expect(unbundled.loaded).toContain(path.join("dist", "cli", "main.js"));
      expect(unbundled.loaded.some((file) => file.startsWith(path.join("node_modules", "zod")))).toBe(true);
      expect(unbundled.loaded.some((file) => file.startsWith(path.join("dist", "bundle")))).toBe(false);
      expect(bundled.loaded.length * 5).toBeLessThan(unbundled.loaded.length);
    } finally {
      await server.close();
    }
  });

  it("finds the package's launcher, and the bash parser's WebAssembly, from where its chunks sit", async () => {
    const doctor = await artRecording(["doctor", "--json"], { ART_HOME: tempDir("art-home-") });
    expect(doctor.code).toBe(0);
    const launcher = JSON.parse(doctor.stdout).sandbox.layers.find(
      (layer: { name: string }) => layer.name === "launcher",
    );
    const platform = process.arch === "arm64" ? "linux-arm64" : "linux-x64";
    expect([
      path.join(REPO_ROOT, "native", "sandbox-linux", "target", "release", "art-sandbox"),
      path.join(REPO_ROOT, "native", "prebuilt", platform, "art-sandbox"),
    ]).toContain(launcher.detail);

    const policy = await artRecording(["policy", "check", "--", "bash", "-c", "ls | wc -l && rm -rf /"], {
      ART_HOME: tempDir("art-home-"),
    });
    expect(policy.code).toBe(1);
    const verdict = JSON.parse(policy.stdout);
    expect(verdict.parts.map((part: { argv: string[] }) => part.argv[0])).toEqual(["ls", "wc", "rm"]);
    expect(verdict.decision).toBe("forbid");
    expect(policy.loaded).toContain(path.join("node_modules", "web-tree-sitter", "web-tree-sitter.js"));
  });

  it("runs `art graph` on the library's own graph runtime, the one the user's module imports", async () => {
    const dir = tempDir("art-graph-");
    const module = path.join(dir, "count.mjs");
    const graph = pathToFileURL(path.join(DIST, "graph", "index.js")).href;
    writeFileSync(
      module,
      `import { Annotation, END, START, StateGraph } from ${JSON.stringify(graph)};
const State = Annotation.Root({ n: Annotation() });
export const graph = new StateGraph(State)
  .addNode("increment", (state) => ({ n: state.n + 1 }))
  .addEdge(START, "increment")
  .addEdge("increment", END)
  .compile();
`,
    );
    const run = await artRecording(["graph", "run", module, "--json", "--input", '{"n": 41}'], {
      ART_HOME: tempDir("art-home-"),
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).at(-1)).toMatchObject({ type: "result", values: { n: 42 } });
    expect(run.loaded).toContain(path.join("dist", "cli", "commands", "graph.js"));
    expect(run.loaded).toContain(path.join("dist", "graph", "index.js"));
    // Nor is a second copy of it inside the bundle (its marker for `Command` is a string the runtime carries).
    const bundled = jsFiles(BUNDLE).filter((file) =>
      readFileSync(file, "utf8").includes("agent-runtime.graph-command"),
    );
    expect(bundled).toEqual([]);
  });
});

describe("bin/art's choice of CLI", () => {
  /**
   * A package laid out as the published one, with `bin/art` copied from the repository and stand-ins for the two
   * builds that say which one ran.
   */
  function fakePackage(builds: { bundle?: string; modules?: boolean }): string {
    const root = tempDir("art-bin-");
    mkdirSync(path.join(root, "bin"));
    copyFileSync(ART_BIN, path.join(root, "bin", "art"));
    writeFileSync(
      path.join(root, "package.json"),
      JSON.stringify({ name: "agent-runtime", version: "9.9.9", type: "module" }),
    );
    const cli = (name: string) =>
      `export async function runCli(args) { process.stdout.write(${JSON.stringify(name)} + " " + args.join(" ") + "\\n"); return 0; }\n`;
    if (builds.bundle !== undefined) {
      mkdirSync(path.join(root, "dist", "bundle"), { recursive: true });
      writeFileSync(path.join(root, "dist", "bundle", "cli.js"), builds.bundle || cli("bundle"));
    }
    if (builds.modules) {
      mkdirSync(path.join(root, "dist", "cli"), { recursive: true });
      writeFileSync(path.join(root, "dist", "cli", "main.js"), cli("modules"));
    }
    return root;
  }

  function run(root: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    const result = spawnSync(process.execPath, [path.join(root, "bin", "art"), ...args], {
      env: { ...process.env, ART_UNBUNDLED: "", ...env },
      encoding: "utf8",
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it("runs the bundle when there is one", () => {
    const root = fakePackage({ bundle: "", modules: true });
    expect(run(root, ["sessions", "--json"])).toEqual({
      code: 0,
      stdout: "bundle sessions --json\n",
      stderr: "",
    });
  });

  it("falls back to the unbundled modules when the bundle is missing, or when ART_UNBUNDLED=1 asks", () => {
    expect(run(fakePackage({ modules: true }), ["sessions"])).toEqual({
      code: 0,
      stdout: "modules sessions\n",
      stderr: "",
    });
    expect(run(fakePackage({ bundle: "", modules: true }), ["show"], { ART_UNBUNDLED: "1" })).toEqual({
      code: 0,
      stdout: "modules show\n",
      stderr: "",
    });
  });

  it("says how to build when neither is there, with no stack trace; --version still answers", () => {
    const root = fakePackage({});
    const result = run(root, ["exec", "task"]);
    expect(result.code).toBe(70);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("the CLI is not built");
    expect(result.stderr).toContain("npm run build");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(run(root, ["--version"])).toEqual({ code: 0, stdout: "art 9.9.9\n", stderr: "" });
  });

  it("does not hide a broken bundle behind the fallback: a chunk missing inside it is reported", () => {
    const root = fakePackage({
      bundle: 'import { runCli } from "./chunk-MISSING.js";\nexport { runCli };\n',
      modules: true,
    });
    const result = run(root, ["sessions"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("chunk-MISSING.js");
  });
});
