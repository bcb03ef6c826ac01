// The published package, as a consumer gets it: `npm pack` the repository, `npm install` the tarball into a fresh
// project, and run sandboxed commands through the installed `art` with no Rust toolchain involved. The install is
// offline: the tarball's dependencies are seeded from this repository's node_modules (already built for this Node),
// so it passes in CI with only the npm registry — and without compiling better-sqlite3 again.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { jsonLines, REPO_ROOT } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

// Several `art` processes per test; on a loaded machine they outlast the default 30 s.
vi.setConfig({ testTimeout: 180_000 });

const CONFIGURATIONS = [
  { name: "all layers", env: {} as NodeJS.ProcessEnv },
  { name: "namespaces off", env: { ART_SANDBOX_NO_USERNS: "1" } as NodeJS.ProcessEnv },
];
const PLATFORM = process.arch === "arm64" ? "linux-arm64" : "linux-x64";

let root: string;
let project: string;
let installed: string;

/** The environment a consumer's shell has: nothing of ours pointing at the repository's launcher. */
function consumerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ART_HOME: path.join(root, "art-home"), ...extra };
  delete env.ART_SANDBOX_LAUNCHER;
  delete env.ART_SANDBOX_NO_USERNS;
  return { ...env, ...extra };
}

/** Runs the installed `art` (through node_modules/.bin, as `npx art` would). */
function art(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(path.join(project, "node_modules", ".bin", "art"), args, {
    cwd: options.cwd ?? project,
    env: consumerEnv(options.env),
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The production dependency closure of the repository, as top-level folder names under node_modules. */
function productionDependencies(): string[] {
  const listing = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  const prefix = `${path.join(REPO_ROOT, "node_modules")}${path.sep}`;
  return listing
    .split("\n")
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length))
    .filter((relative) => !relative.includes(`${path.sep}node_modules${path.sep}`));
}

beforeAll(() => {
  root = tempDir("art-package-");
  // prepack's native half (the TypeScript half is `npm test`'s own build; rebuilding dist/ here would race the
  // other test files reading it). CI sets ART_PACK_REQUIRE_ALL=1, so a missing arm64 cross-build fails there.
  const packed = spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts", "pack-native.mjs")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (packed.status !== 0) throw new Error(`pack-native failed:\n${packed.stderr}`);
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", root], {
    cwd: REPO_ROOT,
    stdio: "ignore",
  });
  project = path.join(root, "consumer");
  mkdirSync(path.join(project, "node_modules"), { recursive: true });
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }),
  );
  for (const dependency of productionDependencies())
    cpSync(path.join(REPO_ROOT, "node_modules", dependency), path.join(project, "node_modules", dependency), {
      recursive: true,
    });
  installed = path.join(project, "node_modules", "agent-runtime");
}, 600_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("the packed package", () => {
  let installLog = "";

  beforeAll(() => {
    const tarball = readdirSync(root).find((name) => name.endsWith(".tgz"));
    if (!tarball) throw new Error("npm pack left no tarball");
    const result = spawnSync(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", path.join(root, tarball)],
      { cwd: project, encoding: "utf8", env: { ...process.env, npm_config_loglevel: "warn" } },
    );
    installLog = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) throw new Error(`npm install failed:\n${installLog}`);
  }, 300_000);

  it("ships the prebuilt launchers and no install-time build of ours", () => {
    const manifest = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8"));
    expect(manifest.scripts.prepare).toBeUndefined();
    expect(manifest.scripts.install).toBeUndefined();
    expect(manifest.scripts.postinstall).toBeUndefined();
    // npm lists every dependency with an install-time script; none of those lines may be ours.
    expect(installLog).not.toMatch(/agent-runtime@/);
    expect(installLog).not.toMatch(/Unknown (project|user|env) config/);
    expect(existsSync(path.join(installed, "native", "prebuilt", "linux-x64", "art-sandbox"))).toBe(true);
    if (process.env.ART_PACK_REQUIRE_ALL === "1")
      expect(existsSync(path.join(installed, "native", "prebuilt", "linux-arm64", "art-sandbox"))).toBe(true);
    // No build output of the repository's own leaks into the package.
    expect(existsSync(path.join(installed, "native", "sandbox-linux", "target"))).toBe(false);
  });

  it("art doctor finds the prebuilt launcher and the kernel's layers", () => {
    const result = art(["doctor", "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const launcher = report.sandbox.layers.find((layer: { name: string }) => layer.name === "launcher");
    expect(launcher).toEqual({
      name: "launcher",
      available: true,
      detail: path.join(installed, "native", "prebuilt", PLATFORM, "art-sandbox"),
    });
    expect(report.sandbox.layers.find((layer: { name: string }) => layer.name === "landlock").available).toBe(
      true,
    );
  });

  for (const configuration of CONFIGURATIONS) {
    it(`art sandbox confines a command (${configuration.name})`, () => {
      const workspace = tempDir("art-package-ws-");
      const outside = tempDir("art-package-outside-");
      const result = art(
        [
          "sandbox",
          "--",
          "sh",
          "-c",
          `echo inside > inside.txt; echo escaped > ${path.join(outside, "escaped.txt")}; echo "status $?"`,
        ],
        { cwd: workspace, env: configuration.env },
      );
      expect(result.stderr).not.toMatch(/sandbox\.unavailable/);
      expect(result.code).toBe(0);
      expect(readFileSync(path.join(workspace, "inside.txt"), "utf8")).toBe("inside\n");
      expect(existsSync(path.join(outside, "escaped.txt"))).toBe(false);
      expect(result.stdout).toMatch(/status [1-9]/);
    });

    it(`art exec runs the model's command in the sandbox (${configuration.name})`, () => {
      const workspace = tempDir("art-package-ws-");
      const outside = tempDir("art-package-outside-");
      const script = path.join(root, `script-${configuration.name.replaceAll(" ", "-")}.json`);
      writeFileSync(
        script,
        JSON.stringify({
          responses: [
            {
              toolCalls: [
                {
                  name: "shell",
                  arguments: {
                    command: `echo made > made.txt && cat made.txt; node -e "require('fs').writeFileSync(process.argv[1], 'x')" ${path.join(outside, "escaped.txt")}`,
                  },
                },
              ],
            },
            { text: "done" },
          ],
        }),
      );
      const result = art(["exec", "--json", "--model", `scripted:${script}`, "--cwd", workspace, "go"], {
        env: configuration.env,
      });
      expect(result.code).toBe(0);
      const events = jsonLines(result.stdout);
      expect(events.find((event) => event.type === "exec.begin")).toMatchObject({
        sandbox: "workspace-write",
      });
      expect(readFileSync(path.join(workspace, "made.txt"), "utf8")).toBe("made\n");
      expect(existsSync(path.join(outside, "escaped.txt"))).toBe(false);
      expect(String(events.find((event) => event.type === "exec.end")?.sandboxDenied)).toMatch(
        /^The sandbox refused/,
      );
    });
  }

  // Last: it removes the installed launcher, then mends it with the command the error names.
  it("without its launcher, a session fails at its start with sandbox.unavailable and the fix that works here", () => {
    const prebuilt = path.join(installed, "native", "prebuilt");
    rmSync(prebuilt, { recursive: true, force: true });
    const workspace = tempDir("art-package-ws-");
    const script = path.join(root, "script-missing.json");
    writeFileSync(
      script,
      JSON.stringify({
        responses: [
          { toolCalls: [{ name: "shell", arguments: { command: "echo ran > ran.txt" } }] },
          { text: "done" },
        ],
      }),
    );
    const result = art(["exec", "--json", "--model", `scripted:${script}`, "--cwd", workspace, "go"]);
    expect(result.code).not.toBe(0);
    const events = jsonLines(result.stdout);
    expect(events.some((event) => event.type === "exec.begin")).toBe(false);
    const failed = events.find((event) => event.type === "turn.failed") as { error?: { code?: string } };
    expect(failed?.error?.code).toBe("sandbox.unavailable");
    expect(existsSync(path.join(workspace, "ran.txt"))).toBe(false);
    const fix = `node "${path.join(installed, "scripts", "build-native.mjs")}"`;
    expect(String((failed as { error?: { message?: string } }).error?.message)).toContain(fix);
    expect(result.stdout).not.toContain("npm run build:native");
    const human = art(["exec", "--model", `scripted:${script}`, "--cwd", workspace, "go"]);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(fix);
    expect(human.stderr).not.toMatch(/✔|completed/);

    const doctor = art(["doctor"]);
    expect(doctor.stdout).toMatch(/✗ launcher\s+the sandbox launcher is missing/);
    expect(doctor.stdout).not.toMatch(/not offered by this kernel/);

    // The named command, run from the consumer's project, mends it (a Rust toolchain is there in CI).
    const mend = spawnSync("sh", ["-c", fix], { cwd: project, encoding: "utf8", env: consumerEnv() });
    expect(mend.status, mend.stderr).toBe(0);
    const after = art(["sandbox", "--", "sh", "-c", "echo mended"], { cwd: workspace });
    expect(after.stdout).toBe("mended\n");
  });
});
